package dev.slipway.core.team;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Removes a member from a team.
 *
 * <p>Owners and admins of the team may send it, but only an owner may make anyone owner or change an owner.
 */
@RequiredRole(Role.ADMIN)
public record RemoveTeamMemberCommand(@TargetAggregateIdentifier TeamId teamId, Caller member) {

    public RemoveTeamMemberCommand {
        TeamRules.requireMember(member);
    }
}
