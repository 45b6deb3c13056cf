package dev.slipway.core.storage;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Snapshots of the engine's aggregates, so that loading an aggregate with a long history reads its latest snapshot
 * and the events after it instead of every event since its creation.
 */
public final class AggregateSnapshots {

    private AggregateSnapshots() {
    }

    /**
     * Creates the serializer of snapshots. Aggregates keep their state in private fields without getters, so it
     * reads and writes fields. It is not for events: events are records that the engine's general serializer
     * handles.
     */
    public static JacksonSerializer serializer() {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
                .setVisibility(PropertyAccessor.ALL, Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, Visibility.ANY)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return JacksonSerializer.builder().objectMapper(mapper).build();
    }

    /**
     * Creates a module that snapshots every aggregate registered with the configurer once {@code threshold} events
     * have been applied to it since it was loaded from its latest snapshot or its first event.
     *
     * @throws IllegalArgumentException when {@code threshold} is not positive
     */
    public static ConfigurerModule every(int threshold) {
        if (threshold <= 0) {
            throw new IllegalArgumentException("Invalid snapshot threshold '" + threshold
                    + "': it must be a positive number of events.");
        }
        // Aggregates are registered by other modules, so the trigger is set once all modules are in, before any
        // repository is built.
        return configurer -> configurer.onInitialize(config -> {
            List<AggregateConfigurer<?>> aggregates = new ArrayList<>();
            for (AggregateConfigurer<?> aggregate : config.findModules(AggregateConfigurer.class)) {
                aggregates.add(aggregate);
            }
            AtomicReference<Snapshotter> snapshotter = new AtomicReference<>();
            for (AggregateConfigurer<?> aggregate : aggregates) {
                aggregate.configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                        snapshotter.updateAndGet(existing -> existing != null ? existing : snapshotter(c, aggregates)),
                        threshold));
            }
        });
    }

    /**
     * Creates a snapshotter for the configurer's own aggregates. Spring Boot's default snapshotter finds only
     * aggregates that are Spring beans, and the engine's aggregates are not.
     */
    private static Snapshotter snapshotter(Configuration config, List<AggregateConfigurer<?>> aggregates) {
        List<AggregateFactory<?>> factories = new ArrayList<>();
        for (AggregateConfigurer<?> aggregate : aggregates) {
            factories.add(aggregate.aggregateFactory());
        }
        return AggregateSnapshotter.builder()
                .eventStore(config.eventStore())
                .transactionManager(config.getComponent(TransactionManager.class, NoTransactionManager::instance))
                .aggregateFactories(factories)
                .repositoryProvider(config::repository)
                .parameterResolverFactory(config.parameterResolverFactory())
                .handlerDefinition(config.handlerDefinition(aggregates.get(0).aggregateType()))
                .build();
    }
}
