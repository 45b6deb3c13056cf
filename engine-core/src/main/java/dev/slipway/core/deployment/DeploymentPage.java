package dev.slipway.core.deployment;

import java.util.List;

/**
 * One page of deployments, newest first.
 *
 * @param entries     the deployments, each with its cursor
 * @param endCursor   the cursor to pass as {@code after} for the next page, or null when the page is empty
 * @param hasNextPage whether older deployments that the caller may see follow
 */
public record DeploymentPage(List<Edge> entries, String endCursor, boolean hasNextPage) {

    /**
     * An empty page without a cursor, the result for an application that does not exist or that the caller may not
     * see.
     */
    public static final DeploymentPage EMPTY = new DeploymentPage(List.of(), null, false);

    public DeploymentPage {
        entries = List.copyOf(entries);
    }

    /** Returns the deployments of the page without their cursors. */
    public List<DeploymentView> deployments() {
        return entries.stream().map(Edge::deployment).toList();
    }

    /**
     * A deployment with the opaque cursor that points just past it.
     *
     * @param cursor     the cursor
     * @param deployment the deployment
     */
    public record Edge(String cursor, DeploymentView deployment) {
    }
}
