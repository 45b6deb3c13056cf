package dev.slipway.core.server;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.access.TeamOwnedCreation;
import dev.slipway.core.team.TeamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers a Docker endpoint that the applications of a team can be deployed to.
 *
 * @param serverId the server's id
 * @param name     a name for people
 * @param endpoint the Docker endpoint, such as {@code unix:///var/run/docker.sock}
 * @param teamId   the team that owns the server, or null for the caller's default team
 */
@RequiredRole(Role.ADMIN)
public record RegisterServerCommand(@TargetAggregateIdentifier ServerId serverId, String name, String endpoint,
                                    TeamId teamId) implements TeamOwnedCreation {

    /** Registers a server in the caller's default team. */
    public RegisterServerCommand(ServerId serverId, String name, String endpoint) {
        this(serverId, name, endpoint, null);
    }
}
