package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/** Finds every application of the teams the caller may see, newest first. */
@RequiredRole(Role.VIEWER)
public record FindApplicationsQuery() {
}
