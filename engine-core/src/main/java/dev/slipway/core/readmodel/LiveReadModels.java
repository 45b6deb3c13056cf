package dev.slipway.core.readmodel;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.axonframework.common.Registration;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.SubscribableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies every event that this engine process publishes to the read models, in the publishing thread, while the
 * command's unit of work prepares its commit. So a query sent after a command returns reads that command's effect.
 *
 * <p>It takes the place of an Axon subscribing event processor. Such a processor checks each read model in turn for a
 * handler of every event, and then gives the event a unit of work, a result message with correlation data and a
 * tracing span of its own. With one event per command, that cost the command more CPU time than the read models' own
 * work. Here the read models that take a payload type are looked up once per type, and each gets the event straight
 * from its Axon handler adapter, which resolves the handler's parameters as before.
 *
 * <p>A read model that fails on an event is logged and skipped, as Axon's subscribing processor does by default, and
 * the others still get the event. Events wait while a replay rebuilds the read models.
 */
public final class LiveReadModels {

    private static final Logger log = LoggerFactory.getLogger(LiveReadModels.class);

    private final List<AnnotationEventHandlerAdapter> adapters;
    private final ReadModelGate gate;
    private final ClassValue<List<AnnotationEventHandlerAdapter>> readModelsByType = new ClassValue<>() {
        @Override
        protected List<AnnotationEventHandlerAdapter> computeValue(Class<?> payloadType) {
            return adapters.stream().filter(adapter -> adapter.canHandleType(payloadType)).toList();
        }
    };
    private Registration subscription;
    private AppliedSequences sequences;
    private Supplier<EventStorageEngine> eventStorage;

    /**
     * Creates the read models' handler adapters with the parameter resolvers and handler definitions of
     * {@code config}, as Axon's own event processors would.
     */
    public LiveReadModels(List<? extends ReadModel> readModels, ReadModelGate gate, Configuration config) {
        this.adapters = readModels.stream()
                .map(readModel -> new AnnotationEventHandlerAdapter(readModel, config.parameterResolverFactory(),
                        config.handlerDefinition(readModel.getClass())))
                .toList();
        this.gate = gate;
    }

    /**
     * Applies the events of each aggregate in the order of their sequence numbers, as several engine nodes on one
     * event store need: before an event of this node, the events of its aggregate that other nodes stored and that
     * {@code sequences} does not list as applied are read from {@code eventStorage} and applied.
     */
    public synchronized void orderBy(AppliedSequences sequences, Supplier<EventStorageEngine> eventStorage) {
        this.sequences = sequences;
        this.eventStorage = eventStorage;
    }

    /** Starts applying the events that {@code events} publishes from now on. */
    public synchronized void subscribeTo(SubscribableMessageSource<EventMessage<?>> events) {
        if (subscription == null) {
            subscription = events.subscribe(this::apply);
        }
    }

    /** Stops applying published events. */
    public synchronized void unsubscribe() {
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
    }

    /** Applies {@code events} in order, each to every read model that takes it. */
    void apply(List<? extends EventMessage<?>> events) {
        AppliedSequences order = sequences;
        gate.openWhile(() -> {
            for (EventMessage<?> event : events) {
                if (order == null) {
                    applyToReadModels(event);
                } else {
                    order.applyOwn(event, this::applyToReadModels, this::storedEvents);
                }
            }
        });
    }

    private void applyToReadModels(EventMessage<?> event) {
        for (AnnotationEventHandlerAdapter adapter : readModelsByType.get(event.getPayloadType())) {
            try {
                adapter.handle(event);
            } catch (Exception e) {
                log.error("read model {} failed on event [{}] of type {}; it skips the event",
                        adapter.getTargetType().getSimpleName(), event.getIdentifier(),
                        event.getPayloadType().getSimpleName(), e);
            }
        }
    }

    private Stream<? extends DomainEventMessage<?>> storedEvents(String aggregate, long firstSequence) {
        return eventStorage.get().readEvents(aggregate, firstSequence).asStream();
    }
}
