package dev.slipway.core.deployment;

import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.server.ServerId;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The build slots of one engine process as Resilience4j bulkheads: one per server and one for the engine. A build
 * always takes a slot of its server first, then one of the engine, so two builds cannot deadlock on each other's
 * slots. The bulkheads use fair semaphores, so waiting builds get slots in the order they began to wait.
 * <p>
 * NOTE: the bulkheads live in the memory of one engine process, so a cluster of N engine nodes runs up to N times
 * the engine limit, and up to N times the per-server limit on one server.
 */
final class BuildBulkheads {

    private final BuildSlots slots;
    private final Duration maxWait;
    private final Bulkhead engine;
    private final Map<ServerId, Bulkhead> servers = new ConcurrentHashMap<>();

    /**
     * Creates the bulkheads of {@code slots}.
     *
     * @param maxWait the longest a build waits for each slot before it fails
     */
    BuildBulkheads(BuildSlots slots, Duration maxWait) {
        this.slots = slots;
        this.maxWait = maxWait;
        this.engine = Bulkhead.of("slipway-builds-engine", config(slots.engine()));
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
        Bulkhead serverSlots = servers.computeIfAbsent(server, id -> Bulkhead.of("slipway-builds-server-" + id,
                config(slots.perServer())));
        take(serverSlots, onWait, "Waiting for a build slot on server '" + server + "' (limit "
                + slots.perServer() + ").");
        try {
            take(engine, onWait, "Waiting for a build slot of the engine (limit " + slots.engine() + ").");
        } catch (RuntimeException e) {
            serverSlots.onComplete();
            throw e;
        }
        return () -> {
            engine.onComplete();
            serverSlots.onComplete();
        };
    }

    private void take(Bulkhead bulkhead, Consumer<String> onWait, String reason) {
        if (bulkhead.getMetrics().getAvailableConcurrentCalls() == 0) {
            onWait.accept(reason);
        }
        try {
            bulkhead.acquirePermission();
        } catch (BulkheadFullException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new StepFailedException("The build was stopped while it waited for a build slot.");
            }
            throw new StepFailedException("No build slot became free within " + StepTimeLimits.format(maxWait)
                    + ": " + reason + " Deploy again later, or raise the build slots of the engine.");
        }
    }

    private BulkheadConfig config(int maxConcurrentCalls) {
        return BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrentCalls)
                .maxWaitDuration(maxWait)
                .fairCallHandlingStrategyEnabled(true)
                .build();
    }

    /** The slots that one build has taken. */
    @FunctionalInterface
    interface Slot extends AutoCloseable {

        @Override
        void close();
    }
}
