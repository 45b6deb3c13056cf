package dev.slipway.core.readmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.SubscribableMessageSource;

/**
 * The published events that a subscribing processor's handlers take, and only those. For every published event,
 * Axon's subscribing processor checks the handler methods of each of its handlers until one matches. The engine's
 * reactions take few kinds of events, so most events went through every method of every reaction, on the command's
 * thread. Here events of a payload type that no handler of the processor takes never reach it. The processor's own
 * handler invoker decides once per payload type whether a handler takes it.
 */
public final class HandledEvents implements SubscribableMessageSource<EventMessage<?>> {

    private final SubscribableMessageSource<EventMessage<?>> events;
    private final ClassValue<Boolean> handled;

    /**
     * Creates the source.
     *
     * @param events   the published events, usually the event bus
     * @param handlers the handler invoker of the processor that subscribes, first used when the first event arrives,
     *                 once the processor exists
     */
    public HandledEvents(SubscribableMessageSource<EventMessage<?>> events, Supplier<EventHandlerInvoker> handlers) {
        this.events = events;
        this.handled = new ClassValue<>() {
            @Override
            protected Boolean computeValue(Class<?> payloadType) {
                return handlers.get().canHandleType(payloadType);
            }
        };
    }

    @Override
    public Registration subscribe(Consumer<List<? extends EventMessage<?>>> processor) {
        return events.subscribe(published -> {
            List<? extends EventMessage<?>> handledOnly = handledOnly(published);
            if (!handledOnly.isEmpty()) {
                processor.accept(handledOnly);
            }
        });
    }

    /** Returns the events of {@code published} that a handler takes, in order, or the same list when it takes all. */
    private List<? extends EventMessage<?>> handledOnly(List<? extends EventMessage<?>> published) {
        int firstSkipped = 0;
        while (firstSkipped < published.size() && handled.get(published.get(firstSkipped).getPayloadType())) {
            firstSkipped++;
        }
        if (firstSkipped == published.size()) {
            return published;
        }
        List<EventMessage<?>> handledEvents = new ArrayList<>(published.subList(0, firstSkipped));
        for (int i = firstSkipped + 1; i < published.size(); i++) {
            EventMessage<?> event = published.get(i);
            if (handled.get(event.getPayloadType())) {
                handledEvents.add(event);
            }
        }
        return handledEvents;
    }
}
