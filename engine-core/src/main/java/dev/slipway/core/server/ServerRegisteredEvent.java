package dev.slipway.core.server;

import dev.slipway.core.team.TeamId;

/**
 * Records that a Docker endpoint was registered. The {@code teamId} is null in events stored before servers had
 * teams, and {@link TeamId#UNASSIGNED} for the local server, which every team may use.
 */
public record ServerRegisteredEvent(ServerId serverId, String name, String endpoint, TeamId teamId) {

    /** Creates the event of a server without a team. */
    public ServerRegisteredEvent(ServerId serverId, String name, String endpoint) {
        this(serverId, name, endpoint, null);
    }
}
