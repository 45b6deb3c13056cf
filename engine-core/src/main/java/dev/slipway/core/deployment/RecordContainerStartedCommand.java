package dev.slipway.core.deployment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the new container started. */
public record RecordContainerStartedCommand(@TargetAggregateIdentifier DeploymentId deploymentId, String containerId,
                                            String containerName, String url) {
}
