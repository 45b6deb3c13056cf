package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/** Finds the current configuration of an application; the result is empty when the application does not exist. */
@RequiredRole(Role.VIEWER)
public record FindConfigurationQuery(ApplicationId applicationId) {
}
