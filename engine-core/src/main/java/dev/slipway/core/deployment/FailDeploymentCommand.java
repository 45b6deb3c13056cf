package dev.slipway.core.deployment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ends the deployment as failed at a step, with a reason the user can act on. */
public record FailDeploymentCommand(@TargetAggregateIdentifier DeploymentId deploymentId, DeploymentStep step,
                                    String reason) {
}
