package dev.slipway.core.deployment;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/** Finds one deployment by id; the answer is empty when it does not exist. */
@RequiredRole(Role.VIEWER)
public record FindDeploymentQuery(DeploymentId deploymentId) {
}
