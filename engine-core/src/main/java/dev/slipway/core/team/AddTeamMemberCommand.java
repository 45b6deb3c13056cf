package dev.slipway.core.team;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.spec.InvalidInputException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Adds a user or an API token to a team with a role.
 *
 * <p>Owners and admins of the team may send it, but only an owner may make anyone owner or change an owner.
 */
@RequiredRole(Role.ADMIN)
public record AddTeamMemberCommand(@TargetAggregateIdentifier TeamId teamId, Caller member, Role role) {

    public AddTeamMemberCommand {
        TeamRules.requireMember(member);
        if (role == null) {
            throw new InvalidInputException("role", "must be one of OWNER, ADMIN, DEPLOYER, VIEWER", null);
        }
    }
}
