package dev.slipway.core.audit;

import java.time.Instant;

/**
 * One event of the event store as the audit log shows it: who caused it, when, from where and in answer to which
 * request. Payloads are not part of an entry.
 *
 * @param eventId       the event's message id
 * @param timestamp     when it was stored
 * @param eventType     the event's simple type name, such as {@code DeploymentRequestedEvent}
 * @param resourceType  the aggregate type, such as {@code Deployment}
 * @param resourceId    the aggregate id
 * @param actor         who caused it, such as {@code user:alice} or {@code engine}
 * @param clientAddress the address the request came from, or null for the engine's own work
 * @param correlationId the id of the request that caused it
 */
public record AuditEntry(String eventId, Instant timestamp, String eventType, String resourceType, String resourceId,
                         String actor, String clientAddress, String correlationId) {
}
