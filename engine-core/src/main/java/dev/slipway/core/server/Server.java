package dev.slipway.core.server;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/** A Docker endpoint that applications run on. The engine registers its local Docker engine when it starts. */
public class Server {

    @AggregateIdentifier
    private ServerId serverId;

    protected Server() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    public Server(RegisterServerCommand command) {
        apply(new ServerRegisteredEvent(command.serverId(), command.name(), command.endpoint()));
    }

    @EventSourcingHandler
    void on(ServerRegisteredEvent event) {
        serverId = event.serverId();
    }
}
