package dev.slipway.core.team;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a team whose first owner is the caller that sends the command. */
public record CreateTeamCommand(@TargetAggregateIdentifier TeamId teamId, TeamName name) {
}
