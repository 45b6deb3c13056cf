package dev.slipway.core.deployment;

import dev.slipway.core.SlipwayException;

/** Signals that a step's outcome arrived for a deployment that does not expect that step now. */
public class StepOutOfOrderException extends SlipwayException {

    public StepOutOfOrderException(DeploymentId deploymentId, DeploymentStatus status, DeploymentStep expected,
                                   String reported) {
        super("Deployment '" + deploymentId + "' is " + status + (expected == null ? "" : " and expects step "
                + expected) + "; the outcome of '" + reported + "' is not accepted");
    }

    /** Creates an exception with its whole message. */
    protected StepOutOfOrderException(String message) {
        super(message);
    }
}
