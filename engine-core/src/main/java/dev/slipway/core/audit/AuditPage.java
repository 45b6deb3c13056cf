package dev.slipway.core.audit;

import java.util.List;

/**
 * One page of audit entries, newest first.
 *
 * @param entries     the entries, each with its cursor
 * @param endCursor   the cursor to pass as {@code after} for the next page, or null when the page is empty
 * @param hasNextPage whether older matching entries follow
 */
public record AuditPage(List<Edge> entries, String endCursor, boolean hasNextPage) {

    public AuditPage {
        entries = List.copyOf(entries);
    }

    /**
     * An entry with the opaque cursor that points just past it.
     *
     * @param cursor the cursor
     * @param entry  the entry
     */
    public record Edge(String cursor, AuditEntry entry) {
    }
}
