package dev.slipway.core.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.spec.InvalidInputException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventStoreReplayerTest {

    private static final int EVENTS = 2_500;

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final CountingProjection counting = new CountingProjection();
    private final LengthProjection lengths = new LengthProjection();
    private EventStoreReplayer replayer;

    @BeforeEach
    void setUp() {
        for (int i = 0; i < EVENTS; i++) {
            storage.appendEvents(new GenericDomainEventMessage<>("Thing", "thing-" + (i % 10), i / 10,
                    "event-" + i, RequestContext.engine().toMetaData()));
        }
        replayer = new EventStoreReplayer(() -> storage, List.of(counting, lengths), new ReadModelGate(),
                Clock.systemUTC());
    }

    @Test
    void replayOfOneReadModelLeavesOthersAlone() {
        ReplayReport report = replayer.replay("counting", ReplayListener.NONE);

        assertThat(report.readModels()).containsExactly("counting");
        assertThat(report.eventsReplayed()).isEqualTo(EVENTS);
        assertThat(counting.count).isEqualTo(EVENTS);
        assertThat(lengths.resetCalled.get()).isFalse();
        assertThat(lengths.total).isZero();
    }

    @Test
    void replayOfAllRebuildsEveryReadModel() {
        ReplayReport report = replayer.replay();

        assertThat(report.readModels()).containsExactly("counting", "length");
        assertThat(report.eventsReplayed()).isEqualTo(EVENTS);
        assertThat(counting.count).isEqualTo(EVENTS);
        assertThat(lengths.resetCalled.get()).isTrue();
        assertThat(lengths.total).isPositive();
    }

    @Test
    void replayReportsProgressToListener() {
        List<ReplayProgress> reports = new ArrayList<>();

        replayer.replay("length", reports::add);

        assertThat(reports).extracting(ReplayProgress::eventsDone).containsExactly(0L, 1_000L, 2_000L, 2_500L);
        assertThat(reports).extracting(ReplayProgress::eventsTotal).containsOnly((long) EVENTS);
        assertThat(reports).extracting(ReplayProgress::readModels).containsOnly(List.of("length"));
    }

    @Test
    void progressIsVisibleOnlyWhileReplayRuns() {
        List<Boolean> visible = new ArrayList<>();

        replayer.replay(null, progress -> visible.add(replayer.progress().isPresent()));

        assertThat(visible).startsWith(true, true, true).endsWith(false);
        assertThat(replayer.progress()).isEmpty();
    }

    @Test
    void replayOfUnknownReadModelNamesKnownOnes() {
        assertThatThrownBy(() -> replayer.replay("nothing", ReplayListener.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("readModel")
                .hasMessageContaining("nothing")
                .hasMessageContaining("[counting, length]");
        assertThat(counting.count).isZero();
    }

    @Test
    void readModelNamesDropProjectionSuffix() {
        assertThat(replayer.readModelNames()).containsExactly("counting", "length");
    }

    @Test
    void replayAppliesEventsInStoreOrder() {
        OrderProjection order = new OrderProjection();
        EventStoreReplayer ordered = new EventStoreReplayer(() -> storage, List.of(order), new ReadModelGate(),
                Clock.systemUTC());

        ordered.replay();

        assertThat(order.events).hasSize(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            assertThat(order.events.get(i)).isEqualTo("event-" + i);
        }
    }

    @Test
    void readFailureStopsReplayWithCause() {
        EventStoreReplayer failing = new EventStoreReplayer(() -> new FailingStorage(storage, 1_200),
                List.of(counting), new ReadModelGate(), Clock.systemUTC());

        assertThatThrownBy(failing::replay)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Unable to rebuild read models [counting]")
                .hasRootCauseMessage("the store went away after 1200 events");
        assertThat(counting.count).isLessThanOrEqualTo(1_200);
        assertThat(failing.progress()).isEmpty();
    }

    @Test
    void handlerFailureStopsReplayAndReader() {
        OrderProjection order = new OrderProjection();
        order.failAt = 700;
        EventStoreReplayer failing = new EventStoreReplayer(() -> storage, List.of(order), new ReadModelGate(),
                Clock.systemUTC());

        assertThatThrownBy(failing::replay)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after 700 events")
                .hasRootCauseMessage("handler failed at event 700");
        assertThat(order.events).hasSize(700);

        order.failAt = -1;
        assertThat(failing.replay().eventsReplayed()).isEqualTo(EVENTS);
    }

    /** Counts the events it handles. */
    static final class CountingProjection implements ReadModel {

        private long count;

        @EventHandler
        void on(String event) {
            count++;
        }

        @Override
        public void reset() {
            count = 0;
        }
    }

    /** Sums the lengths of the events it handles, and records whether it was reset. */
    static final class LengthProjection implements ReadModel {

        private final AtomicBoolean resetCalled = new AtomicBoolean();
        private long total;

        @EventHandler
        void on(String event) {
            total += event.length();
        }

        @Override
        public void reset() {
            resetCalled.set(true);
            total = 0;
        }
    }

    /** Records the events it handles in order, and throws at one position when asked to. */
    static final class OrderProjection implements ReadModel {

        private final List<String> events = new ArrayList<>();
        private int failAt = -1;

        @EventHandler
        void on(String event) {
            if (events.size() == failAt) {
                throw new IllegalStateException("handler failed at event " + failAt);
            }
            events.add(event);
        }

        @Override
        public void reset() {
            events.clear();
        }
    }

    /** Reads through another storage engine and throws after a number of events, as a lost connection would. */
    static final class FailingStorage extends InMemoryEventStorageEngine {

        private final InMemoryEventStorageEngine source;
        private final int failAfter;

        FailingStorage(InMemoryEventStorageEngine source, int failAfter) {
            this.source = source;
            this.failAfter = failAfter;
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            AtomicInteger read = new AtomicInteger();
            return source.readEvents(trackingToken, mayBlock).peek(event -> {
                if (read.incrementAndGet() > failAfter) {
                    throw new IllegalStateException("the store went away after " + failAfter + " events");
                }
            });
        }

        @Override
        public TrackingToken createTailToken() {
            return source.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return source.createHeadToken();
        }
    }
}
