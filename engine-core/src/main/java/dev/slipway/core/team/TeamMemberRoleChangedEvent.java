package dev.slipway.core.team;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.Role;

/** Records that a member of a team got another role. */
public record TeamMemberRoleChangedEvent(TeamId teamId, Caller member, Role role) {
}
