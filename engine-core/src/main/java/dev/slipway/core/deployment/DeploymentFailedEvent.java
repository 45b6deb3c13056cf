package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/**
 * Records that a step failed, with a reason the user can act on. What the attempt started has been or is being removed.
 */
public record DeploymentFailedEvent(DeploymentId deploymentId, ApplicationId applicationId, DeploymentStep step,
                                    String reason) {
}
