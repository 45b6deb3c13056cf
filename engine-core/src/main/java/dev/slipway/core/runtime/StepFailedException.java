package dev.slipway.core.runtime;

import dev.slipway.core.SlipwayException;

/**
 * Signals that a Git or Docker step failed for a reason the user can act on. The message is shown to the user as
 * the deployment's failure reason, so adapters write it as fact plus fix and never put a secret in it.
 */
public class StepFailedException extends SlipwayException {

    public StepFailedException(String message) {
        super(message);
    }

    public StepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
