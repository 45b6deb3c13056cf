package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/** Records that the new container started and where it answers. */
public record ContainerStartedEvent(DeploymentId deploymentId, ApplicationId applicationId, String containerId,
                                    String containerName, String url) {
}
