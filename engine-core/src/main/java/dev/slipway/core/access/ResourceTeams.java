package dev.slipway.core.access;

import dev.slipway.core.team.TeamId;
import java.util.Optional;

/** Looks up the team that owns a resource in the read models. */
@FunctionalInterface
public interface ResourceTeams {

    /**
     * Returns the team that owns the resource with this id, such as an {@code ApplicationId} or a
     * {@code DeploymentId}, or empty when no such resource exists or the id is of no team-owned kind. Resources
     * stored before they had teams return {@link TeamId#UNASSIGNED}.
     */
    Optional<TeamId> teamOf(Object resourceId);
}
