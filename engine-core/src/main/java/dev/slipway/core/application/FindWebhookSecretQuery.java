package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/**
 * Finds the encrypted secret of an application's push webhook, to verify a delivery. The result is empty when the
 * application has no webhook or was deleted. Never expose it through an API. A caller needs the admin role in the
 * application's team, as for {@link FindApplicationConfigurationQuery}, and the engine sends it with its own rights.
 */
@RequiredRole(Role.ADMIN)
public record FindWebhookSecretQuery(ApplicationId applicationId) {
}
