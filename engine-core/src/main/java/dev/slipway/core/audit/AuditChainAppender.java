package dev.slipway.core.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every event to the audit chain. It runs on a subscribing processor, so it is called in the transaction
 * that stores the event, before that transaction commits.
 */
@ProcessingGroup(AuditChainAppender.PROCESSING_GROUP)
final class AuditChainAppender {

    static final String PROCESSING_GROUP = "slipway-audit-chain";

    private static final Logger log = LoggerFactory.getLogger(AuditChainAppender.class);

    private final AuditChain chain;
    private final boolean failClosed;

    AuditChainAppender(AuditChain chain, boolean failClosed) {
        this.chain = chain;
        this.failClosed = failClosed;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event) {
        try {
            chain.append(event.getIdentifier());
        } catch (RuntimeException e) {
            if (failClosed) {
                log.error("event [{}] of type [{}] rejected: the audit chain cannot be appended", event.getIdentifier(),
                        event.getPayloadType().getSimpleName(), e);
                throw e;
            }
            // The event is stored without an entry; verification reports it as unchained.
            log.error("event [{}] of type [{}] stored without an audit chain entry", event.getIdentifier(),
                    event.getPayloadType().getSimpleName(), e);
        }
    }
}
