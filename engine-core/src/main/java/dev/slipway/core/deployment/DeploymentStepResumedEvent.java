package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/**
 * Records that a step which a stopped engine node was running starts again, on the node that holds the
 * deployment's saga.
 *
 * @param stoppedNode the id of the node that stopped while it ran the step
 */
public record DeploymentStepResumedEvent(DeploymentId deploymentId, ApplicationId applicationId, DeploymentStep step,
                                         String stoppedNode) {
}
