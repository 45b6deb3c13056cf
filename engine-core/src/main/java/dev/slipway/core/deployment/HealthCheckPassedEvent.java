package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.spec.DomainName;
import java.util.List;

/**
 * Records that the new container passed its health check.
 *
 * @param domains the application's domains, which the deployment routes to the new container next. The list is
 *                empty for an application without domains and in events stored before domains existed.
 */
public record HealthCheckPassedEvent(DeploymentId deploymentId, ApplicationId applicationId, String detail,
                                     List<DomainName> domains) {

    public HealthCheckPassedEvent {
        domains = domains == null ? List.of() : List.copyOf(domains);
    }

    /** Creates the event of an application without domains. */
    public HealthCheckPassedEvent(DeploymentId deploymentId, ApplicationId applicationId, String detail) {
        this(deploymentId, applicationId, detail, null);
    }
}
