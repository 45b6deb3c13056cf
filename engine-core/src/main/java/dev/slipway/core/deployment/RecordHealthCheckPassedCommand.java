package dev.slipway.core.deployment;

import dev.slipway.core.spec.DomainName;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that the new container passed its health check.
 *
 * @param domains the application's domains, which the deployment routes to the new container next
 */
public record RecordHealthCheckPassedCommand(@TargetAggregateIdentifier DeploymentId deploymentId, String detail,
                                             List<DomainName> domains) {

    public RecordHealthCheckPassedCommand {
        domains = domains == null ? List.of() : List.copyOf(domains);
    }

    /** Creates the command for an application without domains. */
    public RecordHealthCheckPassedCommand(DeploymentId deploymentId, String detail) {
        this(deploymentId, detail, null);
    }
}
