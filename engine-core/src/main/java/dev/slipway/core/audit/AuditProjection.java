package dev.slipway.core.audit;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.identity.IdentityEvents;
import dev.slipway.core.readmodel.ReadModel;
import dev.slipway.core.readmodel.StoredTime;
import dev.slipway.core.spec.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.queryhandling.QueryHandler;

/**
 * Read model of the audit log: one entry per stored event, with who caused it, from where, and the request that
 * caused it. Handles {@link FindAuditEventsQuery} and {@link SearchAuditEventsQuery}. Entries are kept in memory.
 */
@ProcessingGroup(ReadModel.PROCESSING_GROUP)
public final class AuditProjection implements ReadModel {

    private static final int MAX_PAGE = 1000;

    private final List<AuditEntry> entries = new ArrayList<>();
    /** The index in {@link #entries} of each event id. */
    private final Map<String, Integer> indexes = new HashMap<>();
    /**
     * One instance of each actor, client address, user agent, team, type and resource id, which repeat across many
     * entries, so that a log of millions of events stores each value once.
     */
    private final Map<String, String> canonicalValues = new HashMap<>();

    @EventHandler
    synchronized void on(Object payload, EventMessage<?> event) {
        if (indexes.putIfAbsent(event.getIdentifier(), entries.size()) != null) {
            return;
        }
        RequestContext context = RequestContext.fromMetaData(event.getMetaData());
        String resourceType = null;
        String resourceId = null;
        if (event instanceof DomainEventMessage<?> domainEvent) {
            resourceType = domainEvent.getType();
            resourceId = domainEvent.getAggregateIdentifier();
        }
        String subject = IdentityEvents.subjectOf(payload);
        if (subject != null) {
            resourceType = IdentityEvents.USER_RESOURCE;
            resourceId = subject;
        }
        Object team = event.getMetaData().get(RequestContext.TEAM);
        entries.add(new AuditEntry(event.getIdentifier(), StoredTime.of(event.getTimestamp()),
                canonical(event.getPayloadType().getSimpleName()), canonical(resourceType), canonical(resourceId),
                context == null ? null : canonical(context.caller().toString()),
                context == null ? null : canonical(context.clientAddress()),
                context == null ? null : context.correlationId(),
                context == null ? null : canonical(context.userAgent()),
                context == null ? null : context.causationId(), team == null ? null : canonical(team.toString())));
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

    /**
     * Returns one page of matching entries, newest first. A cursor names the event id of the last entry of a page,
     * so it stays valid across a replay of the read models.
     */
    @QueryHandler
    public synchronized AuditPage handle(SearchAuditEventsQuery query) {
        if (query.first() < 1 || query.first() > MAX_PAGE) {
            throw new InvalidInputException("first", "must be from 1 to " + MAX_PAGE, Integer.toString(query.first()));
        }
        int start = query.after() == null ? entries.size() - 1 : indexOf(query.after()) - 1;
        List<AuditPage.Edge> page = new ArrayList<>();
        int i = start;
        for (; i >= 0 && page.size() < query.first(); i--) {
            AuditEntry entry = entries.get(i);
            if (query.filter().matches(entry)) {
                page.add(new AuditPage.Edge(cursor(entry.eventId()), entry));
            }
        }
        boolean hasNext = false;
        for (; i >= 0 && !hasNext; i--) {
            hasNext = query.filter().matches(entries.get(i));
        }
        String endCursor = page.isEmpty() ? null : page.get(page.size() - 1).cursor();
        return new AuditPage(page, endCursor, hasNext);
    }

    @Override
    public synchronized void reset() {
        entries.clear();
        indexes.clear();
        canonicalValues.clear();
    }

    private String canonical(String value) {
        return value == null ? null : canonicalValues.computeIfAbsent(value, first -> first);
    }

    private int indexOf(String cursor) {
        Integer index = null;
        try {
            index = indexes.get(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // Reported below like a cursor of an unknown event.
        }
        if (index == null) {
            throw new InvalidInputException("after", "must be a cursor returned by an earlier page", cursor);
        }
        return index;
    }

    private static String cursor(String eventId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(eventId.getBytes(StandardCharsets.UTF_8));
    }
}
