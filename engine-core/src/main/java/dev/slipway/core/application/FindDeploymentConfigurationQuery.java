package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.deployment.DeploymentId;

/** Finds the configuration a deployment uses; the result is empty when the deployment does not exist. */
@RequiredRole(Role.VIEWER)
public record FindDeploymentConfigurationQuery(DeploymentId deploymentId) {
}
