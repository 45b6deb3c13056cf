package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/** Records that the image was built. */
public record ImageBuiltEvent(DeploymentId deploymentId, ApplicationId applicationId, String imageId, String imageTag) {
}
