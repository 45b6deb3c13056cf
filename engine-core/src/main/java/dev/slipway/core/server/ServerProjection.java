package dev.slipway.core.server;

import dev.slipway.core.readmodel.ReadModel;
import dev.slipway.core.team.TeamId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventHandler;

/** Read model of which team owns each server, for the authorization of commands that use a server. */
public final class ServerProjection implements ReadModel {

    private final Map<ServerId, TeamId> teams = new ConcurrentHashMap<>();

    @EventHandler
    void on(ServerRegisteredEvent event) {
        teams.putIfAbsent(event.serverId(), event.teamId() == null ? TeamId.UNASSIGNED : event.teamId());
    }

    /**
     * Returns the team that owns a server, or empty when it is not registered. The local server and servers
     * registered before they had teams return {@link TeamId#UNASSIGNED}.
     */
    public Optional<TeamId> teamOf(ServerId serverId) {
        return Optional.ofNullable(teams.get(serverId));
    }

    @Override
    public void reset() {
        teams.clear();
    }
}
