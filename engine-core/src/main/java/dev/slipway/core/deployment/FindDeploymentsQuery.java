package dev.slipway.core.deployment;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.application.ApplicationId;

/**
 * Finds the deployments of one application, or of all applications when {@code applicationId} is null; newest first.
 */
@RequiredRole(Role.VIEWER)
public record FindDeploymentsQuery(ApplicationId applicationId) {
}
