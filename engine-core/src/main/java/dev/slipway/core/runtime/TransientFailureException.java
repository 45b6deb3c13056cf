package dev.slipway.core.runtime;

/**
 * Signals that a Git or Docker call failed for a reason that may pass by itself, such as a refused or reset
 * connection, a Docker engine that restarts, or an HTTP 5xx answer of the Docker Engine API. The engine retries the
 * call a bounded number of times before the step fails with this message.
 */
public class TransientFailureException extends StepFailedException {

    public TransientFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
