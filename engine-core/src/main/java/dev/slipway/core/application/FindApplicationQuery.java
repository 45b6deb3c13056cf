package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/** Finds one application by id; the answer is empty when it does not exist. */
@RequiredRole(Role.VIEWER)
public record FindApplicationQuery(ApplicationId applicationId) {
}
