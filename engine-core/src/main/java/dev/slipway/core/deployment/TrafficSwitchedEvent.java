package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.spec.DomainName;
import java.util.List;

/**
 * Records that the proxy serves the application's domains from the new container.
 *
 * @param domains       the domains routed
 * @param containerName the name of the container that now receives their requests
 */
public record TrafficSwitchedEvent(DeploymentId deploymentId, ApplicationId applicationId, List<DomainName> domains,
                                   String containerName) {

    public TrafficSwitchedEvent {
        domains = domains == null ? List.of() : List.copyOf(domains);
    }
}
