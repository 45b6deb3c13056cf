package dev.slipway.core.deployment;

import dev.slipway.core.spec.DomainName;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the proxy serves the application's domains from the new container. */
public record RecordTrafficSwitchedCommand(@TargetAggregateIdentifier DeploymentId deploymentId,
                                           List<DomainName> domains, String containerName) {
}
