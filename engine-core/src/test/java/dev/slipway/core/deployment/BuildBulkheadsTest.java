package dev.slipway.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.server.ServerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The build slots' bulkheads with real threads: who waits, with which reason, and what frees a slot. */
class BuildBulkheadsTest {

    private static final ServerId SERVER_A = ServerId.of(UUID.randomUUID().toString());
    private static final ServerId SERVER_B = ServerId.of(UUID.randomUUID().toString());

    private final ExecutorService builds = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        builds.shutdownNow();
    }

    @Test
    void secondBuildOnServerWaitsForFirst() throws Exception {
        BuildBulkheads bulkheads = new BuildBulkheads(new BuildSlots(1, 4), Duration.ofMinutes(1));
        BuildBulkheads.Slot first = bulkheads.acquire(SERVER_A, reason -> {
            throw new AssertionError("the first build waited: " + reason);
        });
        List<String> reasons = new CopyOnWriteArrayList<>();
        CountDownLatch waiting = new CountDownLatch(1);

        Future<BuildBulkheads.Slot> second = builds.submit(() -> bulkheads.acquire(SERVER_A, reason -> {
            reasons.add(reason);
            waiting.countDown();
        }));
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.isDone()).as("second build still waits while the first runs").isFalse();
        first.close();

        second.get(30, TimeUnit.SECONDS).close();
        assertThat(reasons).containsExactly("Waiting for a build slot on server '" + SERVER_A + "' (limit 1).");
    }

    @Test
    void eachWaitingBuildReportsWait() throws Exception {
        int starters = 6;
        BuildBulkheads bulkheads = new BuildBulkheads(new BuildSlots(1, 4), Duration.ofMinutes(1));
        List<String> reasons = new CopyOnWriteArrayList<>();
        CyclicBarrier start = new CyclicBarrier(starters);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < starters; i++) {
            running.add(builds.submit(() -> {
                start.await();
                try (BuildBulkheads.Slot slot = bulkheads.acquire(SERVER_A, reasons::add)) {
                    Thread.sleep(50);
                }
                return null;
            }));
        }
        for (Future<?> build : running) {
            build.get(30, TimeUnit.SECONDS);
        }

        assertThat(reasons).as("builds that found the one slot taken").hasSize(starters - 1);
    }

    @Test
    void engineLimitCoversEveryServer() throws Exception {
        BuildBulkheads bulkheads = new BuildBulkheads(new BuildSlots(2, 1), Duration.ofMinutes(1));
        BuildBulkheads.Slot first = bulkheads.acquire(SERVER_A, reason -> {
            throw new AssertionError("the first build waited: " + reason);
        });
        List<String> reasons = new CopyOnWriteArrayList<>();
        CountDownLatch waiting = new CountDownLatch(1);

        Future<BuildBulkheads.Slot> other = builds.submit(() -> bulkheads.acquire(SERVER_B, reason -> {
            reasons.add(reason);
            waiting.countDown();
        }));
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
        first.close();

        other.get(30, TimeUnit.SECONDS).close();
        assertThat(reasons).containsExactly("Waiting for a build slot of the engine (limit 1).");
    }

    @Test
    void interruptedWaitFailsAndTakesNoSlot() throws Exception {
        BuildBulkheads bulkheads = new BuildBulkheads(new BuildSlots(1, 1), Duration.ofMinutes(1));
        BuildBulkheads.Slot first = bulkheads.acquire(SERVER_A, reason -> {
            throw new AssertionError("the first build waited: " + reason);
        });
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        Future<BuildBulkheads.Slot> cancelled = builds.submit(() -> {
            try {
                return bulkheads.acquire(SERVER_A, reason -> waiting.countDown());
            } finally {
                ended.countDown();
            }
        });
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();

        cancelled.cancel(true);
        first.close();
        assertThat(ended.await(30, TimeUnit.SECONDS)).as("the cancelled wait ended").isTrue();

        assertThat(builds.submit(() -> bulkheads.acquire(SERVER_A, reason -> {
            throw new AssertionError("a slot stayed taken: " + reason);
        })).get(30, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void zeroSlotsAreRejected() {
        assertThatThrownBy(() -> new BuildSlots(0, 4)).hasMessageContaining("perServer");
        assertThatThrownBy(() -> new BuildSlots(2, 0)).hasMessageContaining("engine");
    }

    @Test
    void waitPastLimitFailsWithReason() {
        BuildBulkheads bulkheads = new BuildBulkheads(new BuildSlots(1, 1), Duration.ZERO);
        bulkheads.acquire(SERVER_A, reason -> { });

        assertThatThrownBy(() -> bulkheads.acquire(SERVER_A, reason -> { }))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("No build slot became free")
                .hasMessageContaining("server '" + SERVER_A + "'");
    }
}
