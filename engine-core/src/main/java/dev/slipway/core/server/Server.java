package dev.slipway.core.server;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.team.TeamId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * A Docker endpoint that applications run on, owned by a team. The engine registers its local Docker engine when it
 * starts, and every team may use that one.
 */
public class Server {

    @AggregateIdentifier
    private ServerId serverId;

    protected Server() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    public Server(RegisterServerCommand command, MetaData metaData) {
        TeamId team = command.teamId();
        if (team == null && metaData.get(RequestContext.TEAM) != null) {
            team = TeamId.of(metaData.get(RequestContext.TEAM).toString());
        }
        apply(new ServerRegisteredEvent(command.serverId(), command.name(), command.endpoint(), team));
    }

    @EventSourcingHandler
    void on(ServerRegisteredEvent event) {
        serverId = event.serverId();
    }
}
