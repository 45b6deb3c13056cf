package dev.slipway.core.deployment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the image was built. */
public record RecordImageBuiltCommand(@TargetAggregateIdentifier DeploymentId deploymentId, String imageId,
                                      String imageTag) {
}
