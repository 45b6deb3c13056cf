package dev.slipway.core.application;

import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.spec.GitRef;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Requests a deployment of an application at its configured ref, or at {@code ref} when that is not null. The
 * handler returns the {@code deploymentId}.
 */
public record RequestDeploymentCommand(@TargetAggregateIdentifier ApplicationId applicationId,
                                       DeploymentId deploymentId, GitRef ref) {
}
