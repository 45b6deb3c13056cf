package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationProjection;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.FindApplicationsQuery;
import dev.slipway.core.runtime.TrafficRoute;
import dev.slipway.core.runtime.TrafficRouter;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.DomainName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the traffic router the routes of the current releases at engine start. The proxy keeps its routes in its
 * own container. Without this step, a proxy removed while the engine was stopped would serve none of them, and the
 * first deployment after the start would create it with the route of its own application only.
 */
public final class RouteRestoration {

    private static final Logger log = LoggerFactory.getLogger(RouteRestoration.class);

    private RouteRestoration() {
    }

    /**
     * Restores the routes of every application with domains and a current release, removes those of deleted
     * applications, and returns how many routes it passed to the router. Runs after {@link DeploymentRecovery} and
     * {@link OrphanRemoval}, so that the current releases are final. A failure is logged, because the engine starts
     * either way and the next deployment of each application routes it again.
     */
    public static int restoreRoutes(ApplicationProjection applications, DeploymentStepRunner runner) {
        TrafficRouter router = runner.trafficRouter();
        if (!router.isEnabled()) {
            return 0;
        }
        List<ApplicationView> views = applications.handle(new FindApplicationsQuery());
        List<TrafficRoute> routes = currentRoutes(views);
        Set<ApplicationId> existing = new HashSet<>();
        views.forEach(view -> existing.add(ApplicationId.of(view.id())));
        try {
            router.restoreRoutes(routes, existing);
            log.info("engine start passed the routes of {} applications to the proxy", routes.size());
        } catch (RuntimeException e) {
            log.error("engine start unable to restore the routes of {} applications: {}. Deploy each"
                    + " application with domains again.", routes.size(), e.toString());
        }
        return routes.size();
    }

    /** Returns the routes of the applications with domains and a current release. */
    private static List<TrafficRoute> currentRoutes(List<ApplicationView> applications) {
        List<TrafficRoute> routes = new ArrayList<>();
        for (ApplicationView application : applications) {
            if (application.currentDeploymentId() == null || application.runtime() == null
                    || application.runtime().domains().isEmpty()) {
                continue;
            }
            String containerName = DeploymentStepRunner.containerName(new ApplicationName(application.name()),
                    DeploymentId.of(application.currentDeploymentId()));
            List<DomainName> domains = application.runtime().domains().stream().map(DomainName::new).toList();
            routes.add(new TrafficRoute(ApplicationId.of(application.id()), domains, containerName,
                    application.runtime().containerPort()));
        }
        return routes;
    }
}
