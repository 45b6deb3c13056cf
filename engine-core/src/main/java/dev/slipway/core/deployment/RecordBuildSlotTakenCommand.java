package dev.slipway.core.deployment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that a deployment whose build waited for a build slot took one and builds now. Sent by the engine.
 *
 * @param deploymentId the deployment
 */
public record RecordBuildSlotTakenCommand(@TargetAggregateIdentifier DeploymentId deploymentId) {
}
