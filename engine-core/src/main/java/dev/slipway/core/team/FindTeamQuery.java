package dev.slipway.core.team;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/** Finds one team with its members; the result is empty when it does not exist or the caller may not see it. */
@RequiredRole(Role.VIEWER)
public record FindTeamQuery(TeamId teamId) {
}
