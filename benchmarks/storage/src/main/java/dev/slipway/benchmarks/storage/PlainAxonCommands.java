package dev.slipway.benchmarks.storage;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.EnvironmentVariableSetEvent;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.storage.RecentAggregatesCache;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Axon's own command path on the engine's event storage engine, with nothing of the engine around it. A minimal
 * event-sourced aggregate appends the same event as the engine's command, with the same metadata, through Axon's
 * simple command bus. There are no interceptors, event processors, read models or audit chain.
 *
 * <p>Two of Axon's defaults are replaced, because the engine replaces them too and a baseline that kept them would
 * measure them instead of the command path: the aggregates stay in a cache with strong references (Axon's
 * weak-reference cache loses them at each garbage collection, and a reload reads the aggregate's whole history),
 * and the target aggregate comes from the command's field instead of Axon's search of the command class by
 * reflection, which runs for every command.
 */
final class PlainAxonCommands implements AutoCloseable {

    private final Configuration configuration;
    private final CommandGateway gateway;
    private final List<String> aggregates = new ArrayList<>();
    private final MetaData eventMetaData;

    /**
     * Creates the aggregates. Each command carries {@code eventMetaData}, and its event carries it on, so that the
     * stored events have the size of the engine's.
     */
    PlainAxonCommands(EventStorageEngine storage, TransactionManager transactions, int aggregateCount,
                      MetaData eventMetaData) {
        this.eventMetaData = eventMetaData;
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(config -> DeploymentEngine.Builder.jacksonSerializer())
                .configureEmbeddedEventStore(config -> storage)
                .configureTransactionManager(config -> transactions)
                .registerComponent(CommandTargetResolver.class, config -> PlainAxonCommands::target)
                .configureAggregate(AggregateConfigurer.defaultConfiguration(PlainApplication.class));
        RecentAggregatesCache.installIn(configurer);
        configuration = configurer.buildConfiguration();
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
        gateway.sendAndWait(asCommandMessage(new SetPlainVariable(aggregates.get(i % aggregates.size()),
                "VAR_" + i % 50, "value " + i)).andMetaData(eventMetaData));
    }

    private static VersionedAggregateIdentifier target(CommandMessage<?> command) {
        if (command.getPayload() instanceof SetPlainVariable variable) {
            return new VersionedAggregateIdentifier(variable.id(), null);
        }
        throw new IllegalArgumentException("Unexpected command " + command.getCommandName() + ": only "
                + SetPlainVariable.class.getSimpleName() + " targets an existing aggregate");
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
        void handle(SetPlainVariable command, MetaData metaData) {
            apply(new EnvironmentVariableSetEvent(ApplicationId.of(id), new VariableName(command.name()),
                    command.value(), configurationVersion + 1), metaData);
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
