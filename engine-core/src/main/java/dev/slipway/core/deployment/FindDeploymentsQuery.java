package dev.slipway.core.deployment;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.application.ApplicationId;

/**
 * Finds the deployments of one application, or of all applications when {@code applicationId} is null; newest first.
 * The list contains every such deployment however many there are. {@link FindDeploymentPageQuery} reads them a page
 * at a time.
 */
@RequiredRole(Role.VIEWER)
public record FindDeploymentsQuery(ApplicationId applicationId) {
}
