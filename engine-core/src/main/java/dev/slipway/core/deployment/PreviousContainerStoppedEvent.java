package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/** Records that the container of the previous release was stopped and removed. */
public record PreviousContainerStoppedEvent(DeploymentId deploymentId, ApplicationId applicationId,
                                            String containerId) {
}
