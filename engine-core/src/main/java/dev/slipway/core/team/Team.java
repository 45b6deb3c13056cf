package dev.slipway.core.team;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.slipway.core.access.AccessDeniedException;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.Role;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * A team: the members that may act on its servers, applications, deployments and secrets, each with a role. The
 * caller that creates a team becomes its first owner. Owners manage every member. Admins manage the members that
 * are not owners, and may not make anyone owner, so that an admin cannot take over the team. A team always keeps at
 * least one owner. The engine itself may manage every team, for example to seed a configured default team.
 */
public class Team {

    @AggregateIdentifier
    private TeamId teamId;
    private final Map<Caller, Role> members = new HashMap<>();

    protected Team() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    public Team(CreateTeamCommand command, MetaData metaData) {
        Caller creator = callerOf(metaData);
        apply(new TeamCreatedEvent(command.teamId(), command.name(), creator));
    }

    @CommandHandler
    public void handle(AddTeamMemberCommand command, MetaData metaData) {
        requireManager(metaData, command.member(), null, command.role());
        if (members.containsKey(command.member())) {
            throw new TeamMembershipException("Unable to add '" + command.member() + "' to team '" + teamId
                    + "': already a member with role " + members.get(command.member())
                    + ". Change the member's role instead.");
        }
        apply(new TeamMemberAddedEvent(teamId, command.member(), command.role()));
    }

    @CommandHandler
    public void handle(ChangeTeamMemberRoleCommand command, MetaData metaData) {
        Role current = requireMember(command.member());
        requireManager(metaData, command.member(), current, command.role());
        if (current == command.role()) {
            return;
        }
        if (current == Role.OWNER && ownerCount() == 1) {
            throw new TeamMembershipException("Unable to make '" + command.member() + "' " + command.role()
                    + " in team '" + teamId + "': it is the team's last owner. Make another member owner first.");
        }
        apply(new TeamMemberRoleChangedEvent(teamId, command.member(), command.role()));
    }

    @CommandHandler
    public void handle(RemoveTeamMemberCommand command, MetaData metaData) {
        Role current = requireMember(command.member());
        requireManager(metaData, command.member(), current, null);
        if (current == Role.OWNER && ownerCount() == 1) {
            throw new TeamMembershipException("Unable to remove '" + command.member() + "' from team '" + teamId
                    + "': it is the team's last owner. Make another member owner first.");
        }
        apply(new TeamMemberRemovedEvent(teamId, command.member()));
    }

    private static Caller callerOf(MetaData metaData) {
        RequestContext context = RequestContext.fromMetaData(metaData);
        return context == null ? Caller.ENGINE : context.caller();
    }

    /**
     * Rejects a change of a member's role from {@code current} to {@code next} (null for none) unless the caller is
     * an owner, or an admin and neither role is owner.
     */
    private void requireManager(MetaData metaData, Caller member, Role current, Role next) {
        Caller caller = callerOf(metaData);
        if (caller.kind() == Caller.Kind.ENGINE || "true".equals(metaData.get(RequestContext.ENGINE_ORIGIN))) {
            return;
        }
        Role role = members.get(caller);
        if (role == Role.OWNER) {
            return;
        }
        if (role == Role.ADMIN && current != Role.OWNER && next != Role.OWNER) {
            return;
        }
        String rule = role == Role.ADMIN ? "an admin may not make '" + member + "' owner or change an owner"
                : "only an owner or an admin may";
        throw new AccessDeniedException("Caller '" + caller + "' may not manage the members of team '" + teamId
                + "': " + rule + ". Ask an owner of the team.");
    }

    private Role requireMember(Caller member) {
        Role role = members.get(member);
        if (role == null) {
            throw new TeamMembershipException("'" + member + "' is not a member of team '" + teamId
                    + "'. Add the member first.");
        }
        return role;
    }

    private long ownerCount() {
        return members.values().stream().filter(role -> role == Role.OWNER).count();
    }

    @EventSourcingHandler
    void on(TeamCreatedEvent event) {
        teamId = event.teamId();
        if (event.owner().kind() != Caller.Kind.ENGINE) {
            members.put(event.owner(), Role.OWNER);
        }
    }

    @EventSourcingHandler
    void on(TeamMemberAddedEvent event) {
        members.put(event.member(), event.role());
    }

    @EventSourcingHandler
    void on(TeamMemberRoleChangedEvent event) {
        members.put(event.member(), event.role());
    }

    @EventSourcingHandler
    void on(TeamMemberRemovedEvent event) {
        members.remove(event.member());
    }
}
