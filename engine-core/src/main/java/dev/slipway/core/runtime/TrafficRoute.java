package dev.slipway.core.runtime;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.spec.DomainName;
import java.util.List;
import java.util.Objects;

/**
 * Route that the proxy serves for one application: its domains go to a port of the container of its current
 * release.
 *
 * @param application   the application
 * @param domains       the domains, at least one
 * @param containerName the name of the container that serves the domains
 * @param containerPort the port the container listens on
 */
public record TrafficRoute(ApplicationId application, List<DomainName> domains, String containerName,
                           int containerPort) {

    public TrafficRoute {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(containerName, "containerName");
        domains = List.copyOf(domains);
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("Route of application '" + application + "' has no domain");
        }
    }
}
