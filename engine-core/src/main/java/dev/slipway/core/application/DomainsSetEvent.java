package dev.slipway.core.application;

import dev.slipway.core.spec.DomainName;
import java.util.List;

/**
 * Records that an application's domains were replaced.
 *
 * @param domains the new domains, empty for none
 */
public record DomainsSetEvent(ApplicationId applicationId, List<DomainName> domains) {

    public DomainsSetEvent {
        domains = domains == null ? List.of() : List.copyOf(domains);
    }
}
