package dev.slipway.core.audit;

import dev.slipway.core.access.AccessDeniedEvent;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.deployment.DeploymentStepRunner;
import dev.slipway.core.identity.IdentityEvents;
import dev.slipway.core.readmodel.ReadModel;
import dev.slipway.core.readmodel.StoredTime;
import dev.slipway.core.spec.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryHandler;

/**
 * Read model of the audit log: one entry per stored event, with who caused it, from where, and the request that
 * caused it. Handles {@link FindAuditEventsQuery} and {@link SearchAuditEventsQuery}. Entries are kept in memory.
 */
public final class AuditProjection implements ReadModel {

    private static final int MAX_PAGE = 1000;

    private final AuditColumns entries = new AuditColumns();

    @EventHandler
    synchronized void on(Object payload, EventMessage<?> event) {
        if (entries.indexOf(event.getIdentifier()) >= 0) {
            return;
        }
        RequestContext context = RequestContext.fromMetaData(event.getMetaData());
        String resourceType = null;
        String resourceId = null;
        if (event instanceof DomainEventMessage<?> domainEvent) {
            resourceType = domainEvent.getType();
            resourceId = domainEvent.getAggregateIdentifier();
        }
        if (payload instanceof AccessDeniedEvent denied && denied.resourceId() != null) {
            // A denial belongs to the resource it targeted, so that the members of the resource's team can read it
            // and a caller outside that team cannot. An entry shown to that caller would tell an existing id of
            // another team from a missing one.
            resourceType = denied.resourceType();
            resourceId = denied.resourceId();
        }
        String subject = IdentityEvents.subjectOf(payload);
        if (subject != null) {
            resourceType = IdentityEvents.USER_RESOURCE;
            resourceId = subject;
        }
        Object team = event.getMetaData().get(RequestContext.TEAM);
        Object node = event.getMetaData().get(DeploymentStepRunner.NODE_ID);
        entries.add(new AuditEntry(event.getIdentifier(), StoredTime.of(event.getTimestamp()),
                event.getPayloadType().getSimpleName(), resourceType, resourceId,
                context == null ? null : context.caller().toString(), context == null ? null : context.clientAddress(),
                context == null ? null : context.correlationId(), context == null ? null : context.userAgent(),
                context == null ? null : context.causationId(), team == null ? null : team.toString(),
                node == null ? null : node.toString()));
    }

    /**
     * The unit-of-work resource in which the query authorization puts a {@code Predicate<AuditEntry>} of the entries
     * the caller may see. Searches skip the other entries before they count towards a limit, a page or a cursor, so
     * that hidden entries leave no trace in a result.
     */
    public static final String VISIBLE_ENTRIES = "slipway.audit.visible-entries";

    @QueryHandler
    public synchronized List<AuditEntry> handle(FindAuditEventsQuery query) {
        if (query.limit() < 1 || query.limit() > 1000) {
            throw new InvalidInputException("limit", "must be from 1 to 1000", Integer.toString(query.limit()));
        }
        List<AuditEntry> result = new ArrayList<>();
        int resource = entries.codeOf(query.resourceId());
        if (resource == AuditColumns.UNKNOWN) {
            return result;
        }
        Predicate<AuditEntry> visible = visibleEntries();
        for (int i = entries.size() - 1; i >= 0 && result.size() < query.limit(); i--) {
            if (query.resourceId() == null || entries.text(i, AuditColumns.RESOURCE_ID) == resource) {
                AuditEntry entry = entries.get(i);
                if (visible.test(entry)) {
                    result.add(entry);
                }
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
        Predicate<AuditEntry> visible = visibleEntries();
        int start = query.after() == null ? entries.size() - 1 : indexOf(query.after(), visible) - 1;
        IntPredicate matching = matcher(query.filter());
        IntPredicate matches = index -> matching.test(index) && visible.test(entries.get(index));
        List<AuditPage.Edge> page = new ArrayList<>();
        int i = start;
        for (; i >= 0 && page.size() < query.first(); i--) {
            if (matches.test(i)) {
                AuditEntry entry = entries.get(i);
                page.add(new AuditPage.Edge(cursor(entry.eventId()), entry));
            }
        }
        boolean hasNext = false;
        for (; i >= 0 && !hasNext; i--) {
            hasNext = matches.test(i);
        }
        String endCursor = page.isEmpty() ? null : page.get(page.size() - 1).cursor();
        return new AuditPage(page, endCursor, hasNext);
    }

    /** Returns the test of visible entries that the query authorization set for this query, else one passing all. */
    @SuppressWarnings("unchecked")
    private static Predicate<AuditEntry> visibleEntries() {
        if (CurrentUnitOfWork.isStarted()) {
            Object visible = CurrentUnitOfWork.get().getResource(VISIBLE_ENTRIES);
            if (visible instanceof Predicate<?> predicate) {
                return (Predicate<AuditEntry>) predicate;
            }
        }
        return entry -> true;
    }

    @Override
    public synchronized void reset() {
        entries.clear();
    }

    /**
     * Returns a test of the entry at an index against a filter. It compares the codes of the filter's values first,
     * so that most entries are passed over without being read in full.
     */
    private IntPredicate matcher(AuditFilter filter) {
        int resource = entries.codeOf(filter.resourceId());
        int actor = entries.codeOf(filter.actor());
        int type = entries.codeOf(filter.eventType());
        int team = entries.codeOf(filter.team());
        if (resource == AuditColumns.UNKNOWN || actor == AuditColumns.UNKNOWN || type == AuditColumns.UNKNOWN
                || team == AuditColumns.UNKNOWN) {
            return index -> false;
        }
        boolean timed = filter.from() != null || filter.to() != null;
        return index -> same(index, AuditColumns.RESOURCE_ID, filter.resourceId(), resource)
                && same(index, AuditColumns.ACTOR, filter.actor(), actor)
                && same(index, AuditColumns.EVENT_TYPE, filter.eventType(), type)
                && same(index, AuditColumns.TEAM, filter.team(), team)
                && (!timed || filter.matches(entries.get(index)));
    }

    /** Returns whether an entry's column contains a filter's value, or the filter leaves that column open. */
    private boolean same(int index, int column, String expected, int code) {
        return expected == null || entries.text(index, column) == code;
    }

    /**
     * Returns the index of the entry a cursor names. A cursor of an entry that the caller may not see is rejected
     * like one of an unknown event, so that a cursor built from a hidden event's id does not reveal the event.
     */
    private int indexOf(String cursor, Predicate<AuditEntry> visible) {
        int index = -1;
        try {
            index = entries.indexOf(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // Reported below like a cursor of an unknown event.
        }
        if (index < 0 || !visible.test(entries.get(index))) {
            throw new InvalidInputException("after", "must be a cursor returned by an earlier page", cursor);
        }
        return index;
    }

    private static String cursor(String eventId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(eventId.getBytes(StandardCharsets.UTF_8));
    }
}
