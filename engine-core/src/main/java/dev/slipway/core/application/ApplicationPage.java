package dev.slipway.core.application;

import java.util.List;

/**
 * One page of applications, newest first.
 *
 * @param entries     the applications, each with its cursor
 * @param endCursor   the cursor to pass as {@code after} for the next page, or null when the page is empty
 * @param hasNextPage whether older applications that the caller may see follow
 */
public record ApplicationPage(List<Edge> entries, String endCursor, boolean hasNextPage) {

    /** An empty page without a cursor. */
    public static final ApplicationPage EMPTY = new ApplicationPage(List.of(), null, false);

    public ApplicationPage {
        entries = List.copyOf(entries);
    }

    /** Returns the applications of the page without their cursors. */
    public List<ApplicationView> applications() {
        return entries.stream().map(Edge::application).toList();
    }

    /**
     * An application with the opaque cursor that points just past it.
     *
     * @param cursor      the cursor
     * @param application the application
     */
    public record Edge(String cursor, ApplicationView application) {
    }
}
