package dev.slipway.core.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HandledEventsTest {

    private final SimpleEventBus bus = SimpleEventBus.builder().build();
    private final Reaction reaction = new Reaction();
    /** Every event that the processor checked for a handler. */
    private final List<Object> checked = new CopyOnWriteArrayList<>();
    private SubscribingEventProcessor processor;

    @BeforeEach
    void startProcessor() {
        EventHandlerInvoker handlers = SimpleEventHandlerInvoker.builder()
                .eventHandlers(new AnnotationEventHandlerAdapter(reaction))
                .build();
        EventHandlerInvoker recording = new EventHandlerInvoker() {
            @Override
            public boolean canHandle(EventMessage<?> event, Segment segment) {
                checked.add(event.getPayload());
                return handlers.canHandle(event, segment);
            }

            @Override
            public boolean canHandleType(Class<?> payloadType) {
                return handlers.canHandleType(payloadType);
            }

            @Override
            public void handle(EventMessage<?> event, Segment segment) throws Exception {
                handlers.handle(event, segment);
            }
        };
        processor = SubscribingEventProcessor.builder()
                .name("reactions")
                .eventHandlerInvoker(recording)
                .messageSource(new HandledEvents(bus, () -> recording))
                .build();
        processor.start();
    }

    @AfterEach
    void stopProcessor() {
        processor.shutDown();
    }

    @Test
    void processorChecksOnlyHandledTypes() {
        bus.publish(event(new Removed("a")), event(new Renamed("b")), event(new Removed("c")));
        bus.publish(event(new Renamed("d")));
        bus.publish(event(new Removed("e")));

        assertThat(reaction.removed).containsExactly("a", "c", "e");
        assertThat(checked).containsExactly(new Removed("a"), new Removed("c"), new Removed("e"));
    }

    @Test
    void subtypeOfHandledTypeArrives() {
        bus.publish(event(new Renamed("a")), event(new Archived("b")));

        assertThat(reaction.archived).containsExactly("b");
        assertThat(checked).containsExactly(new Archived("b"));
    }

    private static EventMessage<?> event(Object payload) {
        return GenericEventMessage.asEventMessage(payload);
    }

    private interface Closed {
        String name();
    }

    private record Removed(String name) {
    }

    private record Renamed(String name) {
    }

    private record Archived(String name) implements Closed {
    }

    private static final class Reaction {

        final List<String> removed = new CopyOnWriteArrayList<>();
        final List<String> archived = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(Removed event) {
            removed.add(event.name());
        }

        @EventHandler
        void on(Closed event) {
            archived.add(event.name());
        }
    }
}
