package dev.slipway.core.resilience;

import dev.slipway.core.SlipwayException;
import dev.slipway.core.runtime.StepFailedException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a Git or Docker call that failed for a transient reason (see {@link TransientFailures}) with exponential
 * backoff, a bounded number of times, on Resilience4j's {@link Retry}. A call that still fails after the last
 * attempt fails its step with the number of attempts in the message. Final failures are raised at once.
 *
 * @param maxAttempts    the attempts in total, the first one included
 * @param initialBackoff the wait before the second attempt; each later wait doubles
 */
public record StepRetry(int maxAttempts, Duration initialBackoff) {

    private static final Logger log = LoggerFactory.getLogger(StepRetry.class);

    public StepRetry {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("Invalid maxAttempts " + maxAttempts + ": must be at least 1");
        }
        if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("Invalid initialBackoff '" + initialBackoff
                    + "': must be a positive duration");
        }
    }

    /** Returns the default: 3 attempts, waiting 1 s and then 2 s. */
    public static StepRetry defaults() {
        return new StepRetry(3, Duration.ofSeconds(1));
    }

    /**
     * Runs {@code call}, again after a transient failure.
     *
     * @param deploymentId the deployment the call belongs to, for the log
     * @param step         the step the call belongs to, for the log
     * @param action       what the call does, such as {@code build image}, for the log and the final message
     */
    public <T> T call(Object deploymentId, Object step, String action, Call<T> call) throws Exception {
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(initialBackoff, 2.0))
                .retryOnException(failure -> !Thread.currentThread().isInterrupted()
                        && TransientFailures.isTransient(failure))
                .failAfterMaxAttempts(false)
                .build();
        Retry retry = Retry.of(action, config);
        retry.getEventPublisher().onRetry(event -> log.warn("deployment [{}] step [{}] {} failed on attempt {} of {},"
                + " retrying in {} ms: {}", deploymentId, step, action, event.getNumberOfRetryAttempts(), maxAttempts,
                event.getWaitInterval().toMillis(), reason(event.getLastThrowable())));
        try {
            return retry.executeCheckedSupplier(call::run);
        } catch (Exception e) {
            if (maxAttempts > 1 && TransientFailures.isTransient(e) && !Thread.currentThread().isInterrupted()) {
                log.warn("deployment [{}] step [{}] {} failed on all {} attempts: {}", deploymentId, step, action,
                        maxAttempts, reason(e));
                throw new StepFailedException("Unable to " + action + " after " + maxAttempts + " attempts. Last"
                        + " failure: " + reason(e), e);
            }
            throw e;
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new SlipwayException("Unable to " + action + ": " + e, e);
        }
    }

    private static String reason(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage().strip();
    }

    /** A Git or Docker call that may throw. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws Exception;
    }
}
