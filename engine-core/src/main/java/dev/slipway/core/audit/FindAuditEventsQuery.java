package dev.slipway.core.audit;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/**
 * Finds audit entries, newest first.
 *
 * @param resourceId only entries of this aggregate, or all when null
 * @param limit      the maximum number of entries, from 1 to 1000
 */
@RequiredRole(Role.VIEWER)
public record FindAuditEventsQuery(String resourceId, int limit) {
}
