package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/**
 * Records that a deployment left its application's lane: the deployment that held the lane ended, or a queued one
 * ended before it ran. Applied by the application aggregate.
 *
 * @param deploymentId  the deployment that left
 * @param applicationId its application
 */
public record DeploymentLaneLeftEvent(DeploymentId deploymentId, ApplicationId applicationId) {
}
