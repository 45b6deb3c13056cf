package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/**
 * Records that a deployment was cancelled. What the attempt started has been or is being removed.
 *
 * @param deploymentId  the deployment
 * @param applicationId its application
 * @param step          the step that ran when it was cancelled, or null when it waited in the queue
 * @param reason        who cancelled it and in which state
 */
public record DeploymentCancelledEvent(DeploymentId deploymentId, ApplicationId applicationId, DeploymentStep step,
                                       String reason) {
}
