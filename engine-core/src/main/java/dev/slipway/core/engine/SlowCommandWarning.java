package dev.slipway.core.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interceptor that logs a warning for each command whose unit of work, commit included, took at least a limit. It
 * replaces Axon's handler time limits, which the engine switches off by default because they record the calling
 * thread's stack for every handler. It reads the clock twice per command and never interrupts a handler.
 * <p>
 * NOTE: the warning is logged when the command ends, so a handler that never returns is not reported.
 */
final class SlowCommandWarning implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** Limit of the engine, equal to the warning threshold of Axon's handler time limits. */
    static final Duration DEFAULT_LIMIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(SlowCommandWarning.class);

    private final long limitNanos;

    SlowCommandWarning(Duration limit) {
        this.limitNanos = limit.toNanos();
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        long start = System.nanoTime();
        unitOfWork.onCleanup(done -> warnIfSlow(done.getMessage(), System.nanoTime() - start));
        return interceptorChain.proceed();
    }

    private void warnIfSlow(CommandMessage<?> command, long elapsedNanos) {
        if (elapsedNanos >= limitNanos) {
            log.warn("command [{}] message [{}] took {} ms (limit {} ms). Check the load and the locks of the"
                            + " database.", command.getCommandName(), command.getIdentifier(),
                    TimeUnit.NANOSECONDS.toMillis(elapsedNanos), TimeUnit.NANOSECONDS.toMillis(limitNanos));
        }
    }
}
