package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;

/** Records that the deployment's container now serves the application. */
public record DeploymentSucceededEvent(DeploymentId deploymentId, ApplicationId applicationId, Release release) {
}
