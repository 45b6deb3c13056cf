package dev.slipway.core.deployment;

import dev.slipway.core.application.Release;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Starts the steps of a requested or queued deployment once no other deployment of its application runs. Sent by
 * the engine.
 *
 * @param deploymentId    the deployment
 * @param previousRelease the release that serves the application at this moment, or null when none does
 */
public record StartDeploymentCommand(@TargetAggregateIdentifier DeploymentId deploymentId, Release previousRelease) {
}
