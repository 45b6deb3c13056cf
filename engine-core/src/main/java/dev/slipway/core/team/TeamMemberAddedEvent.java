package dev.slipway.core.team;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.Role;

/** Records that a user or an API token joined a team with a role. */
public record TeamMemberAddedEvent(TeamId teamId, Caller member, Role role) {
}
