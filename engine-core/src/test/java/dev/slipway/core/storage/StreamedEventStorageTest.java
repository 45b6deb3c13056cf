package dev.slipway.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading a whole event store through its stream, as the engine does on an event store without a storage engine. */
class StreamedEventStorageTest {

    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final StreamedEventStorage storage = new StreamedEventStorage(eventStore);

    @AfterEach
    void shutDown() {
        eventStore.shutDown();
    }

    @Test
    void readEndsAtHeadOfStream() {
        eventStore.publish(event("web", 0, "created"), event("web", 1, "renamed"), event("api", 0, "created"));

        List<Object> payloads;
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(null, false)) {
            payloads = events.map(TrackedEventMessage::getPayload).map(Object.class::cast).toList();
        }

        assertThat(payloads).containsExactly("web created", "web renamed", "api created");
        List<Object> ofWeb = storage.readEvents("web", 1).asStream().map(event -> (Object) event.getPayload())
                .toList();
        assertThat(ofWeb).containsExactly("web renamed");
    }

    @Test
    void emptyStoreReadsNothing() {
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(null, false)) {
            assertThat(events).isEmpty();
        }
        assertThatThrownBy(() -> storage.appendEvents(List.of(event("web", 0, "created"))))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static GenericDomainEventMessage<String> event(String aggregate, long sequence, String change) {
        return new GenericDomainEventMessage<>("Application", aggregate, sequence, aggregate + " " + change);
    }
}
