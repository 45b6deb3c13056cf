package dev.slipway.core.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadModelGateTest {

    private final ReadModelGate gate = new ReadModelGate();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> order = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void queryWaitsForRunningReplay() throws Exception {
        CountDownLatch replayStarted = new CountDownLatch(1);
        CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> gate.closedWhile(() -> {
            replayStarted.countDown();
            pause(300);
            order.add("replay done");
        }), threads);
        assertThat(replayStarted.await(5, TimeUnit.SECONDS)).isTrue();

        GenericQueryMessage<String, String> query =
                new GenericQueryMessage<>("q", ResponseTypes.instanceOf(String.class));
        Object answer = gate.handle(new DefaultUnitOfWork<>(query), () -> {
            order.add("query read");
            return "answer";
        });

        replay.get(5, TimeUnit.SECONDS);
        assertThat(answer).isEqualTo("answer");
        assertThat(order).containsExactly("replay done", "query read");
    }

    @Test
    void replayYieldsToNestedReader() throws Exception {
        AtomicReference<CompletableFuture<Void>> replay = new AtomicReference<>();
        CompletableFuture<String> reading = CompletableFuture.supplyAsync(() -> gate.openWhile(() -> {
            replay.set(CompletableFuture.runAsync(() -> gate.closedWhile(() -> order.add("replay done")), threads));
            // The replay now waits for this reader, and new readers wait behind it.
            pause(200);
            String other = CompletableFuture.supplyAsync(() -> gate.openWhile(() -> "other reader"), threads)
                    .join();
            order.add("reader done");
            return other;
        }), threads);

        assertThat(reading.get(5, TimeUnit.SECONDS)).isEqualTo("other reader");
        replay.get().get(5, TimeUnit.SECONDS);
        assertThat(order).containsExactly("reader done", "replay done");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
