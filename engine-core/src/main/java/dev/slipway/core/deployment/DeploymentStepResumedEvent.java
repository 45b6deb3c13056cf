package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/**
 * Records that a step which a stopped engine node was running starts again, on the node that has claimed the
 * saga segment of the deployment.
 *
 * @param stoppedNode the id of the node that stopped while it ran the step
 */
public record DeploymentStepResumedEvent(DeploymentId deploymentId, ApplicationId applicationId, DeploymentStep step,
                                         String stoppedNode) {
}
