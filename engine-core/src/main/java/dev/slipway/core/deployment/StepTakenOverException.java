package dev.slipway.core.deployment;

/**
 * Signals that a step's outcome came from an engine node that was taken over while the step ran, so that the step
 * runs again elsewhere and only that run's outcome counts.
 */
public class StepTakenOverException extends StepOutOfOrderException {

    public StepTakenOverException(DeploymentId deploymentId, DeploymentStep step, String reportingNode) {
        super("Deployment '" + deploymentId + "' runs step " + step + " again since engine node '" + reportingNode
                + "' was taken over; that node's outcome is not accepted");
    }
}
