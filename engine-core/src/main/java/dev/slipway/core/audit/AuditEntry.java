package dev.slipway.core.audit;

import java.time.Instant;

/**
 * One event of the event store as the audit log shows it: who caused it, when, from where and in answer to which
 * request. Payloads are not part of an entry.
 *
 * @param eventId       the event's message id
 * @param timestamp     when it was stored
 * @param eventType     the event's simple type name, such as {@code DeploymentRequestedEvent}
 * @param resourceType  the aggregate type, such as {@code Deployment}; for a denial, the type of the resource it
 *                      targeted; for a sign-in, session or API token, {@code User}
 * @param resourceId    the aggregate id; for a denial, the id it targeted; for a sign-in, the user name
 * @param actor         who caused it, such as {@code user:alice} or {@code engine}
 * @param clientAddress the address the request came from, or null for the engine's own work
 * @param correlationId the id of the request that caused it
 * @param userAgent     the user agent of the client that sent the request, or null
 * @param causationId   the id of the request or event that caused it, or null for events stored before causation
 *                      ids were recorded and for the engine's own work
 * @param team          the id of the team that owns the resource, or null when the event names no team
 * @param node          the id of the engine node that stored the event, or null for an engine that runs without
 *                      cluster settings
 */
public record AuditEntry(String eventId, Instant timestamp, String eventType, String resourceType, String resourceId,
                         String actor, String clientAddress, String correlationId, String userAgent,
                         String causationId, String team, String node) {

    /** Creates an entry of an engine that runs without cluster settings. */
    public AuditEntry(String eventId, Instant timestamp, String eventType, String resourceType, String resourceId,
                      String actor, String clientAddress, String correlationId, String userAgent,
                      String causationId, String team) {
        this(eventId, timestamp, eventType, resourceType, resourceId, actor, clientAddress, correlationId, userAgent,
                causationId, team, null);
    }

    /** Creates an entry without user agent, causation id or team. */
    public AuditEntry(String eventId, Instant timestamp, String eventType, String resourceType, String resourceId,
                      String actor, String clientAddress, String correlationId) {
        this(eventId, timestamp, eventType, resourceType, resourceId, actor, clientAddress, correlationId, null, null,
                null);
    }
}
