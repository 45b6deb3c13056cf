package dev.slipway.core.readmodel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the read models by reading the whole event store through their event handlers while the
 * {@link ReadModelGate} holds live events back.
 */
public final class EventStoreReplayer implements ReadModelReplayer {

    private static final Logger log = LoggerFactory.getLogger(EventStoreReplayer.class);
    private static final int PROGRESS_EVERY = 10_000;

    private final Supplier<EventStorageEngine> eventStorage;
    private final List<ReadModel> readModels;
    private final ReadModelGate gate;
    private final Clock clock;
    private volatile TrackingToken lastReplayedToken;

    public EventStoreReplayer(Supplier<EventStorageEngine> eventStorage, List<ReadModel> readModels, ReadModelGate gate,
                              Clock clock) {
        this.eventStorage = eventStorage;
        this.readModels = List.copyOf(readModels);
        this.gate = gate;
        this.clock = clock;
    }

    @Override
    public ReplayReport replay() {
        Instant start = clock.instant();
        long[] count = {0};
        gate.closedWhile(() -> count[0] = replayAll());
        Duration duration = Duration.between(start, clock.instant());
        log.info("read models rebuilt from {} events in {} ms", count[0], duration.toMillis());
        return new ReplayReport(List.of(ReadModel.PROCESSING_GROUP), duration);
    }

    /** Returns the position of the last event that the latest replay applied, or null before any replay. */
    public TrackingToken lastReplayedToken() {
        return lastReplayedToken;
    }

    private long replayAll() {
        List<AnnotationEventHandlerAdapter> adapters = readModels.stream()
                .map(AnnotationEventHandlerAdapter::new)
                .toList();
        readModels.forEach(ReadModel::reset);
        lastReplayedToken = null;
        long count = 0;
        try (Stream<? extends TrackedEventMessage<?>> events = eventStorage.get().readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                lastReplayedToken = event.trackingToken();
                for (AnnotationEventHandlerAdapter adapter : adapters) {
                    if (adapter.canHandle(event)) {
                        adapter.handle(event);
                    }
                }
                count++;
                if (count % PROGRESS_EVERY == 0) {
                    log.info("read model replay: {} events so far", count);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Unable to rebuild read models after " + count + " events", e);
        }
        return count;
    }
}
