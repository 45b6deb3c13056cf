package dev.slipway.core.readmodel;

import dev.slipway.core.spec.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds read models by reading the whole event store through their event handlers while the
 * {@link ReadModelGate} holds live events back. One read model can be rebuilt by its {@link ReadModel#name()}, or
 * all of them at once.
 *
 * <p>A reader thread reads the store, decoder threads deserialize batches of its events in parallel, and the
 * calling thread applies the decoded batches, so reading, decoding and the handlers overlap. Handlers still run on
 * the calling thread, one event at a time, in the order of the store.
 */
public final class EventStoreReplayer implements ReadModelReplayer {

    /** Events between two progress reports to the listener and to {@link #progress()}. */
    static final int PROGRESS_EVERY = 1_000;
    /** Events between two progress log lines. */
    static final int LOG_EVERY = 100_000;
    /** Events deserialized together by one decoder task. */
    private static final int DECODE_BATCH = 250;
    /** Maximum number of batches submitted for decoding but not yet applied, which limits a replay's memory use. */
    private static final int BATCHES_IN_FLIGHT = 8;
    /** Maximum number of decoder threads. A machine with fewer processors gets one thread per processor. */
    private static final int MAX_DECODERS = 4;

    private static final Logger log = LoggerFactory.getLogger(EventStoreReplayer.class);

    private final Supplier<EventStorageEngine> eventStorage;
    private final Map<String, ReadModel> readModels = new LinkedHashMap<>();
    private final ReadModelGate gate;
    private final Clock clock;
    private final AtomicReference<ReplayProgress> running = new AtomicReference<>();
    private volatile TrackingToken lastReplayedToken;
    private volatile AppliedSequences sequences;

    public EventStoreReplayer(Supplier<EventStorageEngine> eventStorage, List<ReadModel> readModels, ReadModelGate gate,
                              Clock clock) {
        this.eventStorage = eventStorage;
        for (ReadModel readModel : readModels) {
            if (this.readModels.putIfAbsent(readModel.name(), readModel) != null) {
                throw new IllegalArgumentException("Two read models are named '" + readModel.name()
                        + "': override ReadModel.name() in one of them");
            }
        }
        this.gate = gate;
        this.clock = clock;
    }

    @Override
    public ReplayReport replay() {
        return replay(null, ReplayListener.NONE);
    }

    @Override
    public ReplayReport replay(String readModel, ReplayListener listener) {
        List<ReadModel> selected = select(readModel);
        List<String> names = selected.stream().map(ReadModel::name).toList();
        Instant start = clock.instant();
        long[] count = {0};
        gate.closedWhile(() -> count[0] = replayInto(selected, names, start, listener));
        Duration duration = Duration.between(start, clock.instant());
        log.info("read models {} rebuilt from {} events in {} ms", names, count[0], duration.toMillis());
        return new ReplayReport(List.of(ReadModel.PROCESSING_GROUP), duration, names, count[0]);
    }

    /** Records in {@code sequences} each aggregate's events that later replays apply. */
    public void recordIn(AppliedSequences sequences) {
        this.sequences = sequences;
    }

    /** Returns the position of the last event that the latest replay applied, or null before any replay. */
    public TrackingToken lastReplayedToken() {
        return lastReplayedToken;
    }

    @Override
    public List<String> readModelNames() {
        return List.copyOf(readModels.keySet());
    }

    @Override
    public Optional<ReplayProgress> progress() {
        return Optional.ofNullable(running.get());
    }

    private List<ReadModel> select(String name) {
        if (name == null) {
            return List.copyOf(readModels.values());
        }
        ReadModel readModel = readModels.get(name);
        if (readModel == null) {
            throw new InvalidInputException("readModel", "must be one of " + readModelNames(), name);
        }
        return List.of(readModel);
    }

    private long replayInto(List<ReadModel> selected, List<String> names, Instant start, ReplayListener listener) {
        EventStorageEngine storage = eventStorage.get();
        long total = totalEvents(storage);
        lastReplayedToken = null;
        List<AnnotationEventHandlerAdapter> adapters = new ArrayList<>();
        for (ReadModel readModel : selected) {
            adapters.add(new AnnotationEventHandlerAdapter(readModel));
            readModel.reset();
        }
        long count = 0;
        AppliedSequences applied = sequences;
        report(new ReplayProgress(names, 0, total, start), listener);
        ExecutorService decoders = decoderPool();
        ExecutorService reader = Executors.newSingleThreadExecutor(daemon("slipway-replay-reader"));
        BlockingQueue<Future<List<TrackedEventMessage<?>>>> decoding = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
        try {
            reader.execute(() -> read(storage, decoders, decoding));
            List<TrackedEventMessage<?>> batch;
            while (!(batch = decoding.take().get()).isEmpty()) {
                for (TrackedEventMessage<?> event : batch) {
                    apply(adapters, event);
                    if (applied != null) {
                        applied.replayed(event);
                    }
                    lastReplayedToken = event.trackingToken();
                    count++;
                    if (count % PROGRESS_EVERY == 0) {
                        report(new ReplayProgress(names, count, total, start), listener);
                    }
                    if (count % LOG_EVERY == 0) {
                        log.info("read model replay of {}: {} of about {} events", names, count, total);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while rebuilding read models " + names + " after " + count
                    + " events", e);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Unable to rebuild read models " + names + " after " + count
                    + " events", cause);
        } finally {
            reader.shutdownNow();
            decoders.shutdownNow();
            running.set(null);
        }
        listener.progressed(new ReplayProgress(names, count, Math.max(total, count), start));
        return count;
    }

    /**
     * Reads the store in order on the reader thread and queues each batch's decoding, so that reading the next
     * events overlaps with applying the previous ones. An empty batch ends the queue; a read failure is queued as a
     * failed batch in its place.
     */
    private static void read(EventStorageEngine storage, ExecutorService decoders,
                             BlockingQueue<Future<List<TrackedEventMessage<?>>>> decoding) {
        try {
            try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(null, false)) {
                Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
                while (iterator.hasNext()) {
                    decoding.put(decoders.submit(decoded(nextBatch(iterator))));
                }
            } catch (RuntimeException | Error e) {
                decoding.put(CompletableFuture.failedFuture(e));
                return;
            }
            decoding.put(CompletableFuture.completedFuture(List.of()));
        } catch (InterruptedException e) {
            // The applying thread stopped the replay; nothing waits for more batches.
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Passes an event to every read model. Axon's adapter looks for a matching handler itself and ignores events
     * that none matches, so asking it first with {@code canHandle} would repeat that look-up for every event.
     */
    private static void apply(List<AnnotationEventHandlerAdapter> adapters, TrackedEventMessage<?> event)
            throws Exception {
        for (AnnotationEventHandlerAdapter adapter : adapters) {
            adapter.handle(event);
        }
    }

    private static List<TrackedEventMessage<?>> nextBatch(Iterator<? extends TrackedEventMessage<?>> iterator) {
        List<TrackedEventMessage<?>> batch = new ArrayList<>(DECODE_BATCH);
        while (batch.size() < DECODE_BATCH && iterator.hasNext()) {
            batch.add(iterator.next());
        }
        return batch;
    }

    /**
     * Returns a task that deserializes the payload, metadata and timestamp of each event of a batch. Axon
     * deserializes them lazily and keeps the result, so the handlers later read them without parsing again.
     */
    private static Callable<List<TrackedEventMessage<?>>> decoded(List<TrackedEventMessage<?>> batch) {
        return () -> {
            for (TrackedEventMessage<?> event : batch) {
                event.getPayload();
                event.getMetaData();
                event.getTimestamp();
            }
            return batch;
        };
    }

    private static ExecutorService decoderPool() {
        int threads = Math.max(1, Math.min(MAX_DECODERS, Runtime.getRuntime().availableProcessors()));
        return Executors.newFixedThreadPool(threads, daemon("slipway-replay-decoder"));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private void report(ReplayProgress progress, ReplayListener listener) {
        running.set(progress);
        listener.progressed(progress);
    }

    /** Returns the distance between the first and the last global index, or 0 when the store is empty. */
    private static long totalEvents(EventStorageEngine storage) {
        TrackingToken head = storage.createHeadToken();
        if (head == null) {
            return 0;
        }
        TrackingToken tail = storage.createTailToken();
        long headPosition = head.position().orElse(0);
        long tailPosition = tail == null ? -1 : tail.position().orElse(-1);
        return Math.max(0, headPosition - tailPosition);
    }
}
