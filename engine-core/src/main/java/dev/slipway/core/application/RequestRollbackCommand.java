package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.deployment.DeploymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Requests a new deployment that starts the image of an earlier succeeded deployment of the application again,
 * without cloning or building. The handler returns {@code deploymentId}. The deployment fails in its first step,
 * before the serving release is touched, when the image no longer exists on the Docker host.
 *
 * @param applicationId the application
 * @param deploymentId  the id of the new deployment
 * @param target        the earlier succeeded deployment whose image to start
 */
@RequiredRole(Role.DEPLOYER)
public record RequestRollbackCommand(@TargetAggregateIdentifier ApplicationId applicationId,
                                     DeploymentId deploymentId, DeploymentId target) {
}
