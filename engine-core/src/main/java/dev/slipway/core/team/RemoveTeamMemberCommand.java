package dev.slipway.core.team;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes a member from a team; only an owner of the team may send it. */
@RequiredRole(Role.OWNER)
public record RemoveTeamMemberCommand(@TargetAggregateIdentifier TeamId teamId, Caller member) {

    public RemoveTeamMemberCommand {
        TeamRules.requireMember(member);
    }
}
