package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;

/**
 * Records that a deployment owns its application's lane and may start, either at once when it was requested or
 * when the deployment before it ended. Applied by the application aggregate.
 *
 * @param deploymentId    the admitted deployment
 * @param applicationId   its application
 * @param previousRelease the release that serves the application now and that the deployment replaces, or null
 */
public record DeploymentAdmittedEvent(DeploymentId deploymentId, ApplicationId applicationId,
                                      Release previousRelease) {
}
