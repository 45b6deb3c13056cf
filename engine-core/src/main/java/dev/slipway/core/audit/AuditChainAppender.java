package dev.slipway.core.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every event to the audit chain in fail-closed mode. It runs on a subscribing processor, so it is called in
 * the transaction that stores the event, before that transaction commits, and a failure fails the command.
 */
@ProcessingGroup(AuditChainModule.PROCESSING_GROUP)
final class AuditChainAppender {

    private static final Logger log = LoggerFactory.getLogger(AuditChainAppender.class);

    private final AuditChain chain;

    AuditChainAppender(AuditChain chain) {
        this.chain = chain;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event) {
        try {
            chain.append(event.getIdentifier());
        } catch (RuntimeException e) {
            log.error("event [{}] of type [{}] rejected: the audit chain cannot be appended", event.getIdentifier(),
                    event.getPayloadType().getSimpleName(), e);
            throw e;
        }
    }
}
