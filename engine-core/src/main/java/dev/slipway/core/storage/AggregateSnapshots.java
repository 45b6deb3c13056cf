package dev.slipway.core.storage;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
import org.axonframework.lifecycle.Phase;
import org.axonframework.serialization.json.JacksonSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of the engine's aggregates, so that loading an aggregate with a long history reads its latest snapshot
 * and the events after it instead of every event since its creation.
 */
public final class AggregateSnapshots {

    private static final Logger log = LoggerFactory.getLogger(AggregateSnapshots.class);
    /** How long a stopping engine waits for the snapshot being taken. */
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

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
     * have been applied to it since it was loaded from its latest snapshot or its first event. A thread of its own
     * takes the snapshot after the command that crossed the threshold has committed, so that command does not wait
     * for the aggregate's events to be read again. Axon takes one snapshot of an aggregate at a time. A stopping
     * engine takes the snapshots already scheduled, for at most {@value #SHUTDOWN_WAIT_SECONDS} seconds.
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
            // A snapshot scheduled while the engine stops is dropped instead of rejected with an exception.
            ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), runnable -> {
                        Thread thread = new Thread(runnable, "slipway-snapshotter");
                        thread.setDaemon(true);
                        return thread;
                    }, new ThreadPoolExecutor.DiscardPolicy());
            config.onShutdown(Phase.INBOUND_COMMAND_CONNECTOR, () -> stop(executor));
            AtomicReference<Snapshotter> snapshotter = new AtomicReference<>();
            for (AggregateConfigurer<?> aggregate : aggregates) {
                aggregate.configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                        snapshotter.updateAndGet(existing -> existing != null ? existing
                                : snapshotter(c, aggregates, executor)),
                        threshold));
            }
        });
    }

    private static void stop(ThreadPoolExecutor executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                int dropped = executor.getQueue().size();
                executor.getQueue().clear();
                log.warn("snapshotter still busy {} s after the engine began to stop: {} scheduled snapshots not"
                        + " taken. Later commands schedule them again.", SHUTDOWN_WAIT_SECONDS, dropped);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Creates a snapshotter for the configurer's own aggregates. Spring Boot's default snapshotter finds only
     * aggregates that are Spring beans, and the engine's aggregates are not.
     */
    private static Snapshotter snapshotter(Configuration config, List<AggregateConfigurer<?>> aggregates,
                                           ThreadPoolExecutor executor) {
        List<AggregateFactory<?>> factories = new ArrayList<>();
        for (AggregateConfigurer<?> aggregate : aggregates) {
            factories.add(aggregate.aggregateFactory());
        }
        return AggregateSnapshotter.builder()
                .eventStore(config.eventStore())
                .executor(executor)
                .transactionManager(config.getComponent(TransactionManager.class, NoTransactionManager::instance))
                .aggregateFactories(factories)
                .repositoryProvider(config::repository)
                .parameterResolverFactory(config.parameterResolverFactory())
                .handlerDefinition(config.handlerDefinition(aggregates.get(0).aggregateType()))
                .build();
    }
}
