package dev.slipway.core.storage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Axon's embedded event store, except that commits wake the thread that reads new events for the tracking event
 * processors at most once per {@link #READ_WINDOW}. Axon's store wakes it after every commit, and on a JDBC store
 * each wake-up costs two or three queries, so under a stream of commands it read the store about as often as
 * commands wrote to it. Here a commit after a quiet window wakes the reader at once, as Axon's store does, and the
 * commits that follow within the window share one read at its end. So a deployment's saga, whose events are far
 * apart, sees each one as soon as before, and a stream of commands costs one read per window.
 */
public final class CoalescingEventStore extends EmbeddedEventStore {

    /** Minimum time between two reads that commits cause, and so the maximum time a commit waits for its read. */
    public static final Duration READ_WINDOW = Duration.ofMillis(3);

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
                .storageEngine(storage)
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
}
