package dev.slipway.core.deployment;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Cancels a deployment that waits in the queue or runs. A running step is interrupted and what the deployment
 * started is removed, while the previous release keeps serving. Rejected once the new release passed its health
 * check, because from then on the previous release is being replaced.
 */
@RequiredRole(Role.DEPLOYER)
public record CancelDeploymentCommand(@TargetAggregateIdentifier DeploymentId deploymentId) {
}
