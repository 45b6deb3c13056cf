package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/**
 * Records that a deployment whose build waited took a build slot, so its build starts now.
 *
 * @param deploymentId  the deployment
 * @param applicationId its application
 */
public record BuildSlotTakenEvent(DeploymentId deploymentId, ApplicationId applicationId) {
}
