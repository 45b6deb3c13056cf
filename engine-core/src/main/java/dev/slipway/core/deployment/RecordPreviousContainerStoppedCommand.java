package dev.slipway.core.deployment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the previous release's container was stopped and removed. */
public record RecordPreviousContainerStoppedCommand(@TargetAggregateIdentifier DeploymentId deploymentId,
                                                    String containerId) {
}
