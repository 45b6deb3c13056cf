package dev.slipway.core.audit;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.readmodel.ReadModel;
import dev.slipway.core.readmodel.StoredTime;
import dev.slipway.core.spec.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.queryhandling.QueryHandler;

/**
 * Read model of the audit log: one entry per stored event, with who caused it, from where, and the request it
 * answered. Answers {@link FindAuditEventsQuery}.
 */
@ProcessingGroup(ReadModel.PROCESSING_GROUP)
public final class AuditProjection implements ReadModel {

    private final List<AuditEntry> entries = new ArrayList<>();
    private final Set<String> eventIds = new HashSet<>();

    @EventHandler
    synchronized void on(Object payload, EventMessage<?> event) {
        if (!eventIds.add(event.getIdentifier())) {
            return;
        }
        RequestContext context = RequestContext.fromMetaData(event.getMetaData());
        String resourceType = null;
        String resourceId = null;
        if (event instanceof DomainEventMessage<?> domainEvent) {
            resourceType = domainEvent.getType();
            resourceId = domainEvent.getAggregateIdentifier();
        }
        entries.add(new AuditEntry(event.getIdentifier(), StoredTime.of(event.getTimestamp()), event.getPayloadType().getSimpleName(),
                resourceType, resourceId, context == null ? null : context.caller().toString(),
                context == null ? null : context.clientAddress(), context == null ? null : context.correlationId()));
    }

    @QueryHandler
    public synchronized List<AuditEntry> handle(FindAuditEventsQuery query) {
        if (query.limit() < 1 || query.limit() > 1000) {
            throw new InvalidInputException("limit", "must be from 1 to 1000", Integer.toString(query.limit()));
        }
        List<AuditEntry> result = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0 && result.size() < query.limit(); i--) {
            AuditEntry entry = entries.get(i);
            if (query.resourceId() == null || query.resourceId().equals(entry.resourceId())) {
                result.add(entry);
            }
        }
        return result;
    }

    @Override
    public synchronized void reset() {
        entries.clear();
        eventIds.clear();
    }
}
