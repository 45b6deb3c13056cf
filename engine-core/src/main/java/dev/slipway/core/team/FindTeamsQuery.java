package dev.slipway.core.team;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/** Finds the teams the caller is a member of, sorted by name. */
@RequiredRole(Role.VIEWER)
public record FindTeamsQuery() {
}
