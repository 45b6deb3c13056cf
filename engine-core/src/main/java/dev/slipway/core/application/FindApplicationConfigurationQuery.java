package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/**
 * Finds the current configuration of an application with its encrypted secrets, for engine operations such as
 * re-encryption. The result is empty when the application does not exist. Never expose it through an API. A caller
 * needs the admin role in the application's team, because only admins rotate keys.
 */
@RequiredRole(Role.ADMIN)
public record FindApplicationConfigurationQuery(ApplicationId applicationId) {
}
