package dev.slipway.core.runtime;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.spec.DomainName;
import java.util.List;
import java.util.Set;

/**
 * Port to the reverse proxy that serves applications under their domains. The proxy runs on the same Docker host as
 * the applications' containers and reaches each container by name on its application's network, so a container with
 * domains needs no published port for its users.
 */
public interface TrafficRouter {

    /** A router for engines without a proxy: it routes nothing, and applications with domains are rejected. */
    TrafficRouter NONE = new TrafficRouter() {
        @Override
        public boolean isEnabled() {
            return false;
        }

        @Override
        public void route(ApplicationId application, List<DomainName> domains, String containerName,
                          int containerPort) {
            throw new StepFailedException("No proxy is configured, so requests for " + domains
                    + " cannot be routed to the application");
        }

        @Override
        public void removeRoute(ApplicationId application) {
            // Nothing was ever routed.
        }
    };

    /** Returns whether a proxy serves domains; applications may name domains only when it does. */
    boolean isEnabled();

    /**
     * Routes requests for {@code domains} to {@code containerPort} of the named container, replacing the application's
     * earlier route, and returns once the proxy serves the new route. Starts the proxy when it does not run, and
     * connects it to the application's network. Calling it again with the same arguments changes nothing.
     *
     * @throws StepFailedException when the proxy cannot be started or does not serve the new route within its time
     *                             limit, in which case the earlier route may still be served
     */
    void route(ApplicationId application, List<DomainName> domains, String containerName, int containerPort);

    /** Stops serving the application's domains; does nothing when it has no route. */
    void removeRoute(ApplicationId application);

    /**
     * Restores the routes of the current releases at engine start. The proxy then serves them also when it was
     * removed or lost its configuration while the engine was stopped, and so does a proxy created again later. A
     * route that the proxy already serves for an application stays, because a deployment may have changed it since.
     * The routes of applications not in {@code applications}, which were deleted while the proxy could not be
     * changed, are removed, so that their domains get 404 and another application may take them. Does nothing by
     * default.
     *
     * @param routes       the routes of the current releases of applications with domains
     * @param applications every application that exists
     * @throws StepFailedException when the proxy cannot be started or does not serve the routes within its time
     *                             limit
     */
    default void restoreRoutes(List<TrafficRoute> routes, Set<ApplicationId> applications) {
        // A router without a proxy has nothing to restore.
    }
}
