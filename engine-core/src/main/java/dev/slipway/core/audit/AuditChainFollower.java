package dev.slipway.core.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends committed events to the audit chain, a batch at a time. It runs on a tracking event processor of its own,
 * which reads the event stream in order and keeps its position in the token store. So one engine node at a time
 * chains the events, and a restart continues after the last committed batch. The batch is chained when the
 * processor's unit of work prepares its commit, in the transaction that also stores the processor's position.
 *
 * <p>After a batch smaller than the processor's batch size, the follower waits for {@code batchWindow} before it
 * takes the next batch. Each batch costs the same few statements however many events it holds, so without the wait a
 * follower that keeps up with a stream of commands would chain one event per transaction, and spend several database
 * round trips on each.
 */
@ProcessingGroup(AuditChainModule.PROCESSING_GROUP)
final class AuditChainFollower {

    private static final Logger log = LoggerFactory.getLogger(AuditChainFollower.class);
    private static final String BATCH = AuditChainFollower.class.getName() + ".batch";

    private final AuditChain chain;
    private final int batchSize;
    private final Duration batchWindow;

    AuditChainFollower(AuditChain chain, int batchSize, Duration batchWindow) {
        this.chain = chain;
        this.batchSize = batchSize;
        this.batchWindow = batchWindow;
    }

    /** Collects the event's identifier for the batch. The handler takes no payload, so none is deserialized. */
    @EventHandler
    void on(EventMessage<?> event, UnitOfWork<?> unitOfWork) {
        UnitOfWork<?> root = unitOfWork.root();
        List<String> batch = root.getOrComputeResource(BATCH, key -> {
            List<String> identifiers = new ArrayList<>();
            root.onPrepareCommit(committing -> chainBatch(identifiers));
            root.afterCommit(committed -> awaitNextBatch(identifiers.size()));
            return identifiers;
        });
        batch.add(event.getIdentifier());
    }

    private void awaitNextBatch(int chained) {
        if (chained >= batchSize || batchWindow.isZero()) {
            return;
        }
        try {
            Thread.sleep(batchWindow.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void chainBatch(List<String> identifiers) {
        try {
            int appended = chain.appendAll(identifiers);
            log.debug("audit chain appended {} of {} events", appended, identifiers.size());
        } catch (RuntimeException e) {
            // The processor logs the exception and retries the batch.
            log.warn("audit chain append of {} events from event [{}] failed and is retried: {}", identifiers.size(),
                    identifiers.get(0), e.getMessage());
            throw e;
        }
    }
}
