package dev.slipway.core.team;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.spec.InvalidInputException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Gives a member of a team another role.
 *
 * <p>Owners and admins of the team may send it, but only an owner may make anyone owner or change an owner.
 */
@RequiredRole(Role.ADMIN)
public record ChangeTeamMemberRoleCommand(@TargetAggregateIdentifier TeamId teamId, Caller member, Role role) {

    public ChangeTeamMemberRoleCommand {
        TeamRules.requireMember(member);
        if (role == null) {
            throw new InvalidInputException("role", "must be one of OWNER, ADMIN, DEPLOYER, VIEWER", null);
        }
    }
}
