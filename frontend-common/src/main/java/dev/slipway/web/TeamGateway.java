package dev.slipway.web;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.access.AccessDeniedException;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.Role;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.team.AddTeamMemberCommand;
import dev.slipway.core.team.ChangeTeamMemberRoleCommand;
import dev.slipway.core.team.CreateTeamCommand;
import dev.slipway.core.team.FindTeamQuery;
import dev.slipway.core.team.FindTeamsQuery;
import dev.slipway.core.team.RemoveTeamMemberCommand;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamName;
import dev.slipway.core.team.TeamView;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates teams and manages their members for both frontends. The engine authorizes every command and query: a team
 * the caller may not see is reported as not found, and a caller who sees the team but may not change its members
 * gets an {@link AccessDeniedException}. Every method that names a team looks the team up before it reads the other
 * input, so a team of another caller is not found whatever else the request contains.
 */
public final class TeamGateway {

    private static final Logger log = LoggerFactory.getLogger(TeamGateway.class);
    private static final String TEAM = "team";
    private static final String ROLE_RULE = "must be one of owner, admin, deployer, viewer";

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;

    public TeamGateway(CommandGateway commandGateway, QueryGateway queryGateway) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
    }

    /** Creates a team whose owner is the caller and returns it. */
    public TeamView createTeam(String name, RequestContext context) {
        TeamName teamName = new TeamName(name);
        TeamId teamId = TeamId.random();
        send(new CreateTeamCommand(teamId, teamName), context, teamId);
        log.info("team [{}] created by [{}] in request [{}]", teamId, context.caller(), context.correlationId());
        return findTeam(teamId, context);
    }

    /** Returns the caller's personal team, then the teams the caller may see, with their members, sorted by name. */
    public List<TeamView> findTeams(RequestContext context) {
        return query(new FindTeamsQuery(), ResponseTypes.multipleInstancesOf(TeamView.class), context);
    }

    /**
     * Returns one team with its members.
     *
     * @throws NotFoundException when the team does not exist or the caller may not see it
     */
    public TeamView findTeam(TeamId teamId, RequestContext context) {
        Optional<TeamView> found = query(new FindTeamQuery(teamId), ResponseTypes.optionalInstanceOf(TeamView.class),
                context);
        return found.orElseThrow(() -> new NotFoundException(TEAM, teamId.toString()));
    }

    /**
     * Adds a user ({@code user:alice}) or an API token ({@code token:<id>}) to a team with a role and returns the
     * team.
     *
     * @throws NotFoundException     when the team does not exist or the caller may not see it
     * @throws AccessDeniedException when the caller may not add this member with this role
     * @throws InvalidInputException when the member or the role is invalid
     */
    public TeamView addMember(TeamId teamId, String member, String role, RequestContext context) {
        findTeam(teamId, context);
        Caller caller = member(member);
        Role parsed = role(role);
        send(new AddTeamMemberCommand(teamId, caller, parsed), context, teamId);
        log.info("[{}] added to team [{}] as [{}] by [{}] in request [{}]", caller, teamId, parsed, context.caller(),
                context.correlationId());
        return findTeam(teamId, context);
    }

    /**
     * Gives a member of a team another role, which applies from the member's next request, and returns the team.
     *
     * @throws NotFoundException     when the team does not exist or the caller may not see it
     * @throws AccessDeniedException when the caller may not give this member this role
     * @throws InvalidInputException when the member or the role is invalid
     */
    public TeamView changeRole(TeamId teamId, String member, String role, RequestContext context) {
        findTeam(teamId, context);
        Caller caller = member(member);
        Role parsed = role(role);
        send(new ChangeTeamMemberRoleCommand(teamId, caller, parsed), context, teamId);
        log.info("[{}] in team [{}] now has role [{}], changed by [{}] in request [{}]", caller, teamId, parsed,
                context.caller(), context.correlationId());
        return findTeam(teamId, context);
    }

    /**
     * Removes a member from a team. A removed user's sessions end at once.
     *
     * @throws NotFoundException     when the team does not exist or the caller may not see it
     * @throws AccessDeniedException when the caller may not remove this member
     * @throws InvalidInputException when the member is invalid
     */
    public void removeMember(TeamId teamId, String member, RequestContext context) {
        findTeam(teamId, context);
        Caller caller = member(member);
        send(new RemoveTeamMemberCommand(teamId, caller), context, teamId);
        log.info("[{}] removed from team [{}] by [{}] in request [{}]", caller, teamId, context.caller(),
                context.correlationId());
    }

    private static Caller member(String text) {
        Caller caller;
        try {
            caller = Caller.parse(text);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("member", "must look like 'user:alice' or 'token:<id>'", text);
        }
        if (caller.kind() == Caller.Kind.ENGINE || caller.kind() == Caller.Kind.WEBHOOK) {
            throw new InvalidInputException("member", "must be a user or an API token, such as 'user:alice'", text);
        }
        return caller;
    }

    private static Role role(String text) {
        if (text == null) {
            throw new InvalidInputException("role", ROLE_RULE, null);
        }
        try {
            return Role.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("role", ROLE_RULE, text);
        }
    }

    private void send(Object command, RequestContext context, TeamId teamId) {
        try {
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(context.toMetaData()));
        } catch (RuntimeException e) {
            Throwable cause = EngineFailures.unwrap(e);
            if (cause instanceof AggregateNotFoundException) {
                throw new NotFoundException(TEAM, teamId.toString());
            }
            throw cause instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private <R> R query(Object query, ResponseType<R> responseType, RequestContext context) {
        try {
            return queryGateway.query(GenericMessage.asMessage(query).andMetaData(context.toMetaData()), responseType)
                    .join();
        } catch (RuntimeException e) {
            Throwable cause = EngineFailures.unwrap(e);
            throw cause instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
