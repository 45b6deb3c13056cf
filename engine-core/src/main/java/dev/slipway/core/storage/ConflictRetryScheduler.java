package dev.slipway.core.storage;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a command again after a concurrency conflict, up to {@link #MAX_RETRIES} times at
 * {@link #RETRY_INTERVAL_MILLIS} intervals. Another node that appended to the same aggregate first causes the
 * conflict, and the next attempt loads the aggregate with that node's events. Any other failure is returned to the
 * sender at once, because sending a rejected command again would only be rejected again.
 */
final class ConflictRetryScheduler implements RetryScheduler {

    static final int MAX_RETRIES = 5;
    static final int RETRY_INTERVAL_MILLIS = 50;

    private static final Logger log = LoggerFactory.getLogger(ConflictRetryScheduler.class);

    private final RetryScheduler interval;

    ConflictRetryScheduler(ScheduledExecutorService executor) {
        this.interval = IntervalRetryScheduler.builder()
                .retryExecutor(executor)
                .retryInterval(RETRY_INTERVAL_MILLIS)
                .maxRetryCount(MAX_RETRIES)
                .build();
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (!isConflict(lastFailure)) {
            return false;
        }
        boolean scheduled = interval.scheduleRetry(commandMessage, lastFailure, failures, commandDispatch);
        if (scheduled) {
            log.info("command [{}] {} conflicted with a concurrent write; retry {} of {}",
                    commandMessage.getIdentifier(), commandMessage.getCommandName(), failures.size(), MAX_RETRIES);
        } else {
            log.warn("command [{}] {} conflicted with a concurrent write {} times; giving up",
                    commandMessage.getIdentifier(), commandMessage.getCommandName(), failures.size());
        }
        return scheduled;
    }

    private static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // A deployment request appends to its application and creates a deployment in one batch. A conflict on
            // the application then surfaces as a stream creation failure, because the batch starts with the new
            // deployment's first event.
            if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }
}
