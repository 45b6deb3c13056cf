package dev.slipway.core.audit;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;

/**
 * Finds one page of audit entries, newest first.
 *
 * @param filter which entries match
 * @param after  the {@link AuditPage#endCursor()} of the previous page, or null for the first page
 * @param first  the maximum number of entries on the page, from 1 to 1000
 */
@RequiredRole(Role.VIEWER)
public record SearchAuditEventsQuery(AuditFilter filter, String after, int first) {

    public SearchAuditEventsQuery {
        filter = filter == null ? AuditFilter.ALL : filter;
    }
}
