package dev.slipway.core.engine;

import dev.slipway.core.deployment.DeploymentStepRunner;
import dev.slipway.core.readmodel.AppliedSequences;
import dev.slipway.core.readmodel.EventStoreReplayer;
import dev.slipway.core.readmodel.ReadModel;
import dev.slipway.core.readmodel.ReadModelGate;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies to this node's read models the events that other engine nodes store in the shared event store, every
 * {@link #POLL_MILLIS} ms. Events that this node stores reach its read models at once through the subscribing
 * processor, and carry this node's id under {@link DeploymentStepRunner#NODE_ID}, so the follower skips them.
 * It starts after the last event of the latest replay and jumps there again after each replay.
 * An event that this node already applied, because it stored a later event of the same aggregate first, is
 * skipped ({@link AppliedSequences}).
 */
final class ReadModelFollower {

    /** Time between two reads of the event store. */
    static final long POLL_MILLIS = 500;

    private static final Logger log = LoggerFactory.getLogger(ReadModelFollower.class);

    private final String nodeId;
    private final Supplier<EventStorageEngine> eventStorage;
    private final EventStoreReplayer replayer;
    private final ReadModelGate gate;
    private final AppliedSequences sequences;
    private final List<AnnotationEventHandlerAdapter> adapters;
    private ScheduledExecutorService scheduler;
    private TrackingToken token;
    private TrackingToken replayToken;

    ReadModelFollower(String nodeId, Supplier<EventStorageEngine> eventStorage, EventStoreReplayer replayer,
                      ReadModelGate gate, AppliedSequences sequences, List<ReadModel> readModels) {
        this.nodeId = nodeId;
        this.eventStorage = eventStorage;
        this.replayer = replayer;
        this.gate = gate;
        this.sequences = sequences;
        this.adapters = readModels.stream().map(AnnotationEventHandlerAdapter::new).toList();
    }

    synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slipway-read-model-follower");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> gate.openWhile(this::poll), 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        log.info("engine node [{}] read models follow the shared event store every {} ms", nodeId, POLL_MILLIS);
    }

    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    /**
     * Applies the events stored since the last poll. When reading fails, the error is logged and the next poll
     * continues after the last event read. An event that a read model fails on is logged and skipped.
     */
    private void poll() {
        TrackingToken replayed = replayer.lastReplayedToken();
        if (!Objects.equals(replayed, replayToken)) {
            replayToken = replayed;
            token = replayed;
        }
        try (Stream<? extends TrackedEventMessage<?>> events = eventStorage.get().readEvents(token, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                if (!nodeId.equals(event.getMetaData().get(DeploymentStepRunner.NODE_ID))) {
                    sequences.applyOther(event, this::apply);
                }
                token = event.trackingToken();
            }
        } catch (RuntimeException e) {
            log.error("engine node [{}] unable to apply events of other nodes to its read models", nodeId, e);
        }
    }

    private void apply(EventMessage<?> event) {
        for (AnnotationEventHandlerAdapter adapter : adapters) {
            if (adapter.canHandle(event)) {
                try {
                    adapter.handle(event);
                } catch (Exception e) {
                    log.error("engine node [{}] read model {} failed on event [{}]", nodeId,
                            adapter.getTargetType().getSimpleName(), event.getIdentifier(), e);
                }
            }
        }
    }
}
