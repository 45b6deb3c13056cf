package dev.slipway.core.deployment;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.application.ApplicationId;

/**
 * Finds one page of the deployments of one application, or of every application the caller may see when
 * {@code applicationId} is null, newest first.
 *
 * @param applicationId the application, or null for all
 * @param after         the {@link DeploymentPage#endCursor()} of the previous page, or null for the first page
 * @param first         the maximum number of deployments on the page, from 1 to 1000
 */
@RequiredRole(Role.VIEWER)
public record FindDeploymentPageQuery(ApplicationId applicationId, String after, int first) {
}
