package dev.slipway.core.deployment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the new container passed its health check. */
public record RecordHealthCheckPassedCommand(@TargetAggregateIdentifier DeploymentId deploymentId, String detail) {
}
