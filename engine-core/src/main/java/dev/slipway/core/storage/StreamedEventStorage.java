package dev.slipway.core.storage;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * A read-only view of an event store that has no storage engine of its own, such as Axon Server's. The read model
 * replay and the states at a point in time read the whole event stream through it. A read ends at the head of the
 * stream as it was when the read began.
 *
 * <p>NOTE: when the store sends no event for {@link #WAIT_MILLIS} ms before that head, the read ends there, and the
 * rebuilt read models miss the rest until the next replay.
 */
public final class StreamedEventStorage implements EventStorageEngine {

    /** How long a read waits for the next event before the head counts as reached. */
    static final long WAIT_MILLIS = 2_000;

    private final EventStore eventStore;

    public StreamedEventStorage(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        TrackingToken head = eventStore.createHeadToken();
        if (head == null || trackingToken != null && trackingToken.covers(head)) {
            return Stream.empty();
        }
        BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(trackingToken);
        Iterator<TrackedEventMessage<?>> events = new Iterator<>() {
            private TrackedEventMessage<?> next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (ended) {
                    return false;
                }
                try {
                    if (stream.hasNextAvailable((int) WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                        next = stream.nextAvailable();
                        ended = next.trackingToken().covers(head);
                        return true;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ended = true;
                return false;
            }

            @Override
            public TrackedEventMessage<?> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TrackedEventMessage<?> event = next;
                next = null;
                return event;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(events, Spliterator.ORDERED), false)
                .onClose(stream::close);
    }

    @Override
    public TrackingToken createTailToken() {
        return eventStore.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return eventStore.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return eventStore.createTokenAt(dateTime);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return eventStore.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        throw readOnly();
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        throw readOnly();
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return Optional.empty();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("This view of the event store only reads; store events through the"
                + " event store itself");
    }
}
