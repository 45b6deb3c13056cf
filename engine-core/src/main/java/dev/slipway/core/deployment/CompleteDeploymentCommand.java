package dev.slipway.core.deployment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Marks the deployment as succeeded once every step has run. */
public record CompleteDeploymentCommand(@TargetAggregateIdentifier DeploymentId deploymentId) {
}
