package dev.slipway.core.team;

import dev.slipway.core.access.Caller;

/** Records that a team was created, with its first owner. */
public record TeamCreatedEvent(TeamId teamId, TeamName name, Caller owner) {
}
