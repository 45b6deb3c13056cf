package dev.slipway.core.engine;

import dev.slipway.core.SlipwayException;
import dev.slipway.core.deployment.DeploymentSaga;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;

/**
 * Start-up checks of an engine node that shares its event store with other nodes. A node does not wait to hold a
 * segment of the deployment saga, because the nodes that started earlier may hold them all.
 */
final class ClusterStartup {

    private static final long POLL_MILLIS = 50;

    private ClusterStartup() {
    }

    /**
     * Waits until the saga's processor runs, then reads its segments from the token store, which fails when the
     * token store is unreachable.
     */
    static void awaitSagaProcessorRunning(Configuration config, Duration timeout) {
        StreamingEventProcessor processor = processor(config, DeploymentSaga.PROCESSING_GROUP);
        await(processor::isRunning, timeout, "Event processor '" + processor.getName() + "' of the deployment saga"
                + " did not start within " + timeout.toSeconds() + " s. Check the engine log.");
        TokenStore tokens = config.eventProcessingConfiguration().tokenStore(DeploymentSaga.PROCESSING_GROUP);
        try {
            config.getComponent(TransactionManager.class)
                    .executeInTransaction(() -> tokens.fetchSegments(processor.getName()));
        } catch (RuntimeException e) {
            throw new SlipwayException("Unable to read the segments of event processor '" + processor.getName()
                    + "' from the token store: " + e.getMessage() + ". Check that the database runs.", e);
        }
    }

    private static StreamingEventProcessor processor(Configuration config, String processingGroup) {
        return config.eventProcessingConfiguration()
                .eventProcessorByProcessingGroup(processingGroup, StreamingEventProcessor.class)
                .orElseThrow(() -> new SlipwayException("Streaming event processor of processing group '"
                        + processingGroup + "' is missing"));
    }

    private static void await(BooleanSupplier condition, Duration timeout, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new SlipwayException(failure);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlipwayException("Interrupted while waiting for the engine node to start", e);
            }
        }
    }
}
