package dev.slipway.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's event store under a stream of commits, each in a transaction of its own, with a tracking event
 * processor that follows it as the engine's saga and audit chain processors do.
 */
class CoalescingEventStoreTest {

    private static final int COMMITS = 200;

    private final AtomicInteger streamReads = new AtomicInteger();
    private final List<Integer> handled = new CopyOnWriteArrayList<>();
    private Configuration configuration;

    @BeforeEach
    void start() {
        EventStorageEngine storage = countingStreamReads(new InMemoryEventStorageEngine());
        configuration = DefaultConfigurer.defaultConfiguration(false)
                .configureEventStore(config -> CoalescingEventStore.create(storage, config))
                .eventProcessing(processing -> processing.registerTrackingEventProcessor("follower")
                        .registerEventHandler(config -> new Follower()))
                .buildConfiguration();
        configuration.start();
    }

    @AfterEach
    void stop() {
        configuration.shutdown();
    }

    @Test
    void commitsShareReadsAndEveryEventArrives() {
        EventStore store = configuration.eventStore();
        // The processor reaches the head of the stream, so that it waits for new events as in steady operation.
        publishInOwnTransaction(store, -1);
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains(-1));
        int readsBefore = streamReads.get();

        IntStream.range(0, COMMITS).forEach(i -> publishInOwnTransaction(store, i));

        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == COMMITS + 1);
        assertThat(handled.subList(1, handled.size())).containsExactlyElementsOf(
                IntStream.range(0, COMMITS).boxed().toList());
        // Axon's own store reads the stream after most of these commits. This store reads it a few times per window.
        assertThat(streamReads.get() - readsBefore).as("stream reads for %d commits", COMMITS)
                .isLessThan(COMMITS / 2);
    }

    @Test
    void readsOncePerWindowUnderCommits() {
        EventStore store = configuration.eventStore();
        publishInOwnTransaction(store, -1);
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains(-1));
        int readsBefore = streamReads.get();
        long start = System.nanoTime();

        // A commit every millisecond: each read finds new events, after which Axon's reader reads again at once.
        IntStream.range(0, COMMITS).forEach(i -> {
            publishInOwnTransaction(store, i);
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == COMMITS + 1);

        long windows = (System.nanoTime() - start) / CoalescingEventStore.READ_WINDOW.toNanos();
        assertThat(streamReads.get() - readsBefore).as("stream reads in %d read windows", windows)
                .isLessThanOrEqualTo((int) windows + 2);
        assertThat(handled.subList(1, handled.size())).containsExactlyElementsOf(
                IntStream.range(0, COMMITS).boxed().toList());
    }

    private static void publishInOwnTransaction(EventStore store, int number) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.execute(() -> store.publish(GenericEventMessage.asEventMessage(new Numbered(number))));
    }

    /** Wraps the storage engine and counts the reads of the event stream from a tracking token. */
    private EventStorageEngine countingStreamReads(EventStorageEngine storage) {
        return (EventStorageEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EventStorageEngine.class}, (proxy, method, arguments) -> {
                    if ("readEvents".equals(method.getName()) && arguments != null
                            && arguments[0] instanceof TrackingToken) {
                        streamReads.incrementAndGet();
                    }
                    try {
                        return method.invoke(storage, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    record Numbered(int number) {
    }

    private final class Follower {

        @EventHandler
        void on(Numbered event) {
            handled.add(event.number());
        }
    }
}
