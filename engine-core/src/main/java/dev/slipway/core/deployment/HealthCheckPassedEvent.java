package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/** Records that the new container passed its health check. */
public record HealthCheckPassedEvent(DeploymentId deploymentId, ApplicationId applicationId, String detail) {
}
