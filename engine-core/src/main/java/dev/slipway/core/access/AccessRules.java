package dev.slipway.core.access;

import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamProjection;
import java.util.Optional;

/**
 * Decides what a caller may do: its role in the team that owns a resource, the team a new resource goes to, and the
 * token scope a role needs. Reads the team read model at each call, so a change of members applies at once.
 */
public final class AccessRules {

    private static final String ENGINE_PACKAGE = "dev.slipway.";

    private final AccessSettings settings;
    private final TeamProjection teams;
    private final ResourceTeams resources;

    public AccessRules(AccessSettings settings, TeamProjection teams, ResourceTeams resources) {
        this.settings = settings;
        this.teams = teams;
        this.resources = resources;
    }

    /** Returns the settings these rules apply. */
    public AccessSettings settings() {
        return settings;
    }

    /** Returns whether a message with this context is the engine's own work, which is always allowed. */
    public static boolean isEngine(RequestContext context, Object engineOrigin) {
        return context.caller().kind() == Caller.Kind.ENGINE || "true".equals(String.valueOf(engineOrigin));
    }

    /**
     * Returns whether a command or query is one of the engine's own types, under {@code dev.slipway}, which the
     * access checks cover. The messages of an embedding application's own handlers on the same buses pass unchecked.
     */
    public static boolean isEngineType(Object payload) {
        return payload.getClass().getName().startsWith(ENGINE_PACKAGE);
    }

    /** Returns the token scope that an API token needs for a role: READ for viewers, DEPLOY for deployers. */
    public static TokenScope scopeFor(Role role) {
        return switch (role) {
            case VIEWER -> TokenScope.READ;
            case DEPLOYER -> TokenScope.DEPLOY;
            case ADMIN, OWNER -> TokenScope.ADMIN;
        };
    }

    /**
     * Returns the team that owns a resource, or empty when it does not exist. A resource stored before it had a team
     * belongs to the default team when one is configured.
     */
    public Optional<TeamId> ownerOf(Object resourceId) {
        return resources.teamOf(resourceId).map(this::effective);
    }

    /**
     * Returns the team that a new resource of this caller goes to: the requested one, else the default team, else
     * the caller's personal team. The engine's own resources without a team stay {@link TeamId#UNASSIGNED}.
     */
    public TeamId teamForNewResource(RequestContext context, TeamId requested) {
        if (requested != null) {
            return requested;
        }
        if (settings.defaultTeamId() != null) {
            return settings.defaultTeamId();
        }
        if (context.caller().kind() == Caller.Kind.ENGINE) {
            return TeamId.UNASSIGNED;
        }
        return TeamId.personalOf(context.caller());
    }

    /**
     * Returns the caller's role in a team, or empty when the caller may not see the team. A caller is owner of its
     * personal team, and in the default team every caller has at least the configured default role. A webhook has
     * no role in any team, because its one right, requesting deployments of its own application, is checked separately.
     */
    public Optional<Role> roleOf(RequestContext context, TeamId teamId) {
        Caller caller = context.caller();
        if (caller.kind() == Caller.Kind.WEBHOOK) {
            return Optional.empty();
        }
        if (teamId.equals(TeamId.personalOf(caller))) {
            return Optional.of(Role.OWNER);
        }
        Optional<Role> member = teams.roleOf(teamId, caller);
        if (teamId.equals(settings.defaultTeamId()) && settings.defaultTeamRole() != null) {
            Role open = settings.defaultTeamRole();
            return Optional.of(member.filter(role -> role.includes(open)).orElse(open));
        }
        return member;
    }

    /**
     * Returns whether the caller is owner or admin of a team of which {@code member} is a member. An API token also
     * needs the scope {@code ADMIN}.
     */
    public boolean administers(RequestContext context, Caller member) {
        if (context.caller().kind() == Caller.Kind.TOKEN
                && (context.scope() == null || !context.scope().includes(scopeFor(Role.ADMIN)))) {
            return false;
        }
        return teams.teamsOf(member).stream()
                .anyMatch(team -> roleOf(context, team).filter(role -> role.includes(Role.ADMIN)).isPresent());
    }

    /** Returns whether the caller may see the team's resources. */
    public boolean canSee(RequestContext context, TeamId teamId) {
        return roleOf(context, effective(teamId)).isPresent();
    }

    private TeamId effective(TeamId teamId) {
        if (TeamId.UNASSIGNED.equals(teamId) && settings.defaultTeamId() != null) {
            return settings.defaultTeamId();
        }
        return teamId;
    }
}
