package dev.slipway.core.deployment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the commit was checked out. */
public record RecordSourceCheckedOutCommand(@TargetAggregateIdentifier DeploymentId deploymentId) {
}
