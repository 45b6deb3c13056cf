package dev.slipway.core.deployment;

import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.server.ServerId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The build slots of one engine process as bulkheads: one per server and one for the engine. A build always takes a
 * slot of its server first, then one of the engine, so two builds cannot deadlock on each other's slots. The
 * bulkheads are fair semaphores, so waiting builds get slots in the order they began to wait.
 * <p>
 * A build first tries each slot without waiting, and reports a wait only when that try fails. A Resilience4j
 * bulkhead waits for its configured duration on every attempt, so it cannot try first and wait after.
 * <p>
 * NOTE: the bulkheads live in the memory of one engine process, so a cluster of N engine nodes runs up to N times
 * the engine limit, and up to N times the per-server limit on one server.
 */
final class BuildBulkheads {

    private final BuildSlots slots;
    private final Duration maxWait;
    private final Semaphore engine;
    private final Map<ServerId, Semaphore> servers = new ConcurrentHashMap<>();

    /**
     * Creates the bulkheads of {@code slots}.
     *
     * @param maxWait the longest a build waits for each slot before it fails
     */
    BuildBulkheads(BuildSlots slots, Duration maxWait) {
        this.slots = slots;
        this.maxWait = maxWait;
        this.engine = new Semaphore(slots.engine(), true);
    }

    BuildSlots slots() {
        return slots;
    }

    /**
     * Takes a slot of {@code server} and one of the engine, waiting while none is free. Before each wait,
     * {@code onWait} receives the reason, such as "Waiting for a build slot on server 'x' (limit 2).".
     *
     * @return the slots taken, to release when the build ends
     * @throws StepFailedException when no slot frees within the maximum wait, or the thread is interrupted
     */
    Slot acquire(ServerId server, Consumer<String> onWait) {
        Semaphore serverSlots = servers.computeIfAbsent(server, id -> new Semaphore(slots.perServer(), true));
        take(serverSlots, onWait, "Waiting for a build slot on server '" + server + "' (limit "
                + slots.perServer() + ").");
        try {
            take(engine, onWait, "Waiting for a build slot of the engine (limit " + slots.engine() + ").");
        } catch (RuntimeException e) {
            serverSlots.release();
            throw e;
        }
        return () -> {
            engine.release();
            serverSlots.release();
        };
    }

    private void take(Semaphore semaphore, Consumer<String> onWait, String reason) {
        try {
            // A timed try keeps the queue's order, because a plain tryAcquire() jumps ahead of waiting builds.
            if (semaphore.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return;
            }
            onWait.accept(reason);
            if (semaphore.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                // A wait can take a slot that frees at the moment the thread is interrupted, so check once more.
                if (Thread.currentThread().isInterrupted()) {
                    semaphore.release();
                    throw stopped();
                }
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopped();
        }
        throw new StepFailedException("No build slot became free within " + StepTimeLimits.format(maxWait)
                + ": " + reason + " Deploy again later, or raise the build slots of the engine.");
    }

    private static StepFailedException stopped() {
        return new StepFailedException("The build was stopped while it waited for a build slot.");
    }

    /** The slots that one build has taken. */
    @FunctionalInterface
    interface Slot extends AutoCloseable {

        @Override
        void close();
    }
}
