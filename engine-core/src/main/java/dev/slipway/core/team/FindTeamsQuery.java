package dev.slipway.core.team;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/** Finds the caller's personal team and then the teams the caller may see, sorted by name. */
@RequiredRole(Role.VIEWER)
public record FindTeamsQuery() {
}
