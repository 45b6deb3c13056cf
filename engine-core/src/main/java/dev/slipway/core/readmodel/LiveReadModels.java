package dev.slipway.core.readmodel;

import java.util.List;
import org.axonframework.common.Registration;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
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
        gate.openWhile(() -> {
            for (EventMessage<?> event : events) {
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
        });
    }
}
