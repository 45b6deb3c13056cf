package dev.slipway.core.deployment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that a deployment's build waits for a build slot. Sent by the engine.
 *
 * @param deploymentId the deployment
 * @param reason       which slot it waits for, such as "Waiting for a build slot on server 'x' (limit 2)."
 */
public record RecordBuildSlotAwaitedCommand(@TargetAggregateIdentifier DeploymentId deploymentId, String reason) {
}
