package dev.slipway.core.audit;

import dev.slipway.core.spec.InvalidInputException;
import java.time.Instant;

/**
 * Criteria of an audit search. A null field matches every entry.
 *
 * @param resourceId only entries of this aggregate
 * @param actor      only entries caused by this caller, in its text form such as {@code user:alice} or {@code engine}
 * @param eventType  only entries of this event type, such as {@code DeploymentRequestedEvent}
 * @param from       only entries stored at or after this instant
 * @param to         only entries stored before this instant
 * @param team       only entries whose event names this team in its metadata
 */
public record AuditFilter(String resourceId, String actor, String eventType, Instant from, Instant to, String team) {

    /** A filter that matches every entry. */
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null);

    /** Creates a filter that matches entries of every team. */
    public AuditFilter(String resourceId, String actor, String eventType, Instant from, Instant to) {
        this(resourceId, actor, eventType, from, to, null);
    }

    public AuditFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidInputException("to", "must be later than from (" + from + ")", to.toString());
        }
    }

    boolean matches(AuditEntry entry) {
        return (resourceId == null || resourceId.equals(entry.resourceId()))
                && (actor == null || actor.equals(entry.actor()))
                && (eventType == null || eventType.equals(entry.eventType()))
                && (from == null || !entry.timestamp().isBefore(from))
                && (to == null || entry.timestamp().isBefore(to))
                && (team == null || team.equals(entry.team()));
    }
}
