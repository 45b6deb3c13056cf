package dev.slipway.core.team;

import dev.slipway.core.access.Caller;

/** Records that a member left a team. */
public record TeamMemberRemovedEvent(TeamId teamId, Caller member) {
}
