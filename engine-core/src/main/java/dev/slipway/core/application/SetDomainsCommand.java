package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.spec.DomainName;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces the domains under which the engine's proxy serves an application. The proxy serves the new domains from
 * the application's current release at once, and every later deployment routes them.
 *
 * @param applicationId the application
 * @param domains       the new domains, or an empty list for none
 */
@RequiredRole(Role.ADMIN)
public record SetDomainsCommand(@TargetAggregateIdentifier ApplicationId applicationId, List<DomainName> domains) {

    public SetDomainsCommand {
        domains = domains == null ? List.of() : List.copyOf(domains);
    }
}
