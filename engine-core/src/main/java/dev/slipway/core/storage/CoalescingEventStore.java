package dev.slipway.core.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Axon's embedded event store, except that the thread that reads new events for the tracking event processors starts
 * a read at most once per {@link #READ_WINDOW}. Axon's reader reads after every commit and again after every read
 * that found events, so under a stream of commands it read a JDBC store about once per command. Here a commit after
 * a quiet window is read at once, and the commits that follow within the window share one read at its end.
 */
public final class CoalescingEventStore extends EmbeddedEventStore {

    /** Minimum time between the starts of two reads, and so the longest a commit waits for its read to start. */
    public static final Duration READ_WINDOW = Duration.ofMillis(10);

    /** Runs the wake-ups. One scheduled after shutdown, by a command still committing, is dropped. */
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "slipway-event-store-wake-up");
        thread.setDaemon(true);
        return thread;
    }, new ThreadPoolExecutor.DiscardPolicy());
    private final AtomicBoolean wakeUpDue = new AtomicBoolean();
    private volatile long nextWakeUpNanos = System.nanoTime();

    private CoalescingEventStore(EmbeddedEventStore.Builder builder) {
        super(builder);
    }

    /**
     * Creates the store on {@code storage} with the message monitor and span factory that Axon's own configuration
     * gives its embedded event store.
     */
    public static CoalescingEventStore create(EventStorageEngine storage, Configuration configuration) {
        return new CoalescingEventStore(EmbeddedEventStore.builder()
                .storageEngine(new PacedStreamReads(storage))
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class)));
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        // A wake-up already due covers this commit: it clears the flag before it wakes the reader.
        if (!wakeUpDue.compareAndSet(false, true)) {
            return;
        }
        long delay = nextWakeUpNanos - System.nanoTime();
        if (delay <= 0) {
            wakeUpReader();
        } else {
            timer.schedule(this::wakeUpReader, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void wakeUpReader() {
        nextWakeUpNanos = System.nanoTime() + READ_WINDOW.toNanos();
        wakeUpDue.set(false);
        super.afterCommit(List.of());
    }

    @Override
    public void shutDown() {
        timer.shutdownNow();
        super.shutDown();
    }

    /**
     * Storage engine wrapper that makes a stream that may block start at most once per {@link #READ_WINDOW}. Only
     * Axon's reader of new events opens such streams, so everything else reaches the storage engine unchanged.
     */
    private static final class PacedStreamReads implements EventStorageEngine {

        private final EventStorageEngine storage;
        private long nextReadNanos = System.nanoTime();

        PacedStreamReads(EventStorageEngine storage) {
            this.storage = storage;
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            if (mayBlock) {
                awaitReadWindow();
            }
            return storage.readEvents(trackingToken, mayBlock);
        }

        /** Called by the reader's single thread only. An interrupt, as at shutdown, ends the wait early. */
        private void awaitReadWindow() {
            long remaining;
            while ((remaining = nextReadNanos - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(this, remaining);
            }
            nextReadNanos = System.nanoTime() + READ_WINDOW.toNanos();
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            storage.appendEvents(events);
        }

        @Override
        public void appendEvents(EventMessage<?>... events) {
            storage.appendEvents(events);
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            storage.storeSnapshot(snapshot);
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier) {
            return storage.readEvents(aggregateIdentifier);
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            return storage.readEvents(aggregateIdentifier, firstSequenceNumber);
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return storage.readSnapshot(aggregateIdentifier);
        }

        @Override
        public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
            return storage.lastSequenceNumberFor(aggregateIdentifier);
        }

        @Override
        public TrackingToken createTailToken() {
            return storage.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return storage.createHeadToken();
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return storage.createTokenAt(dateTime);
        }
    }
}
