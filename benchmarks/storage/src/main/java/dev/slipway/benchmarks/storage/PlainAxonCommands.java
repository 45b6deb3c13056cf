package dev.slipway.benchmarks.storage;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.EnvironmentVariableSetEvent;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.engine.DeploymentEngine;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Axon's own command path on the engine's event storage engine, with nothing of the engine around it. A minimal
 * event-sourced aggregate appends the same event as the engine's command, through Axon's simple command bus with a
 * cache of aggregates. There are no interceptors, event processors, read models or audit chain.
 */
final class PlainAxonCommands implements AutoCloseable {

    private final Configuration configuration;
    private final CommandGateway gateway;
    private final List<String> aggregates = new ArrayList<>();

    PlainAxonCommands(EventStorageEngine storage, TransactionManager transactions, int aggregateCount) {
        configuration = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(config -> DeploymentEngine.Builder.jacksonSerializer())
                .configureEmbeddedEventStore(config -> storage)
                .configureTransactionManager(config -> transactions)
                .configureAggregate(AggregateConfigurer.defaultConfiguration(PlainApplication.class)
                        .configureCache(config -> new WeakReferenceCache()))
                .buildConfiguration();
        configuration.start();
        gateway = configuration.commandGateway();
        for (int i = 0; i < aggregateCount; i++) {
            String id = ApplicationId.random().toString();
            gateway.sendAndWait(new CreatePlainApplication(id));
            aggregates.add(id);
        }
    }

    /** Sends the {@code i}-th command and waits for it to be stored. */
    void send(int i) {
        gateway.sendAndWait(new SetPlainVariable(aggregates.get(i % aggregates.size()), "VAR_" + i % 50,
                "value " + i));
    }

    @Override
    public void close() {
        configuration.shutdown();
    }

    record CreatePlainApplication(String id) {
    }

    record SetPlainVariable(@TargetAggregateIdentifier String id, String name, String value) {
    }

    record PlainApplicationCreated(String id) {
    }

    /** An application reduced to the configuration version that each variable change raises. */
    static final class PlainApplication {

        @AggregateIdentifier
        private String id;
        private long configurationVersion;

        PlainApplication() {
        }

        @CommandHandler
        PlainApplication(CreatePlainApplication command) {
            apply(new PlainApplicationCreated(command.id()));
        }

        @CommandHandler
        void handle(SetPlainVariable command) {
            apply(new EnvironmentVariableSetEvent(ApplicationId.of(id), new VariableName(command.name()),
                    command.value(), configurationVersion + 1));
        }

        @EventSourcingHandler
        void on(PlainApplicationCreated event) {
            id = event.id();
        }

        @EventSourcingHandler
        void on(EnvironmentVariableSetEvent event) {
            configurationVersion = event.configurationVersion();
        }
    }
}
