package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;

/**
 * Records that a deployment's steps start. The previous release is the one that serves the application at this
 * moment, which can differ from the one at request time when the deployment waited in the queue.
 */
public record DeploymentStartedEvent(DeploymentId deploymentId, ApplicationId applicationId, Release previousRelease) {
}
