package dev.slipway.core.access;

import dev.slipway.core.team.TeamId;

/**
 * A command that creates a resource owned by a team, such as an application or a server. Sending it needs the
 * {@link RequiredRole} in that team.
 */
public interface TeamOwnedCreation {

    /** Returns the team the new resource belongs to, or null for the caller's default team. */
    TeamId teamId();
}
