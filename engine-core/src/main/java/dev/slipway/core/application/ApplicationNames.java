package dev.slipway.core.application;

import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.team.TeamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Index of application names and domains in use, so that two applications of one team never share a name and two
 * applications never share a domain. Applications of different teams may share a name, so that a name taken in
 * another team is not revealed by a rejection. Applications without a team count as one team. Domains are unique
 * across teams, because the proxy routes each domain to one application. A claim made while handling a command is
 * released again when that command's unit of work rolls back. The application projection releases the name and the
 * domains of a deleted application.
 */
public final class ApplicationNames {

    private final Map<NameInTeam, ApplicationId> owners = new ConcurrentHashMap<>();
    private final Map<DomainName, ApplicationId> domainOwners = new ConcurrentHashMap<>();
    private volatile boolean domainsRouted;

    /**
     * Claims a name for an application of a team. A null team means the applications without a team.
     *
     * @throws InvalidInputException when another application of the team has the name
     */
    public void claim(TeamId team, ApplicationName name, ApplicationId applicationId) {
        NameInTeam key = new NameInTeam(team, name);
        ApplicationId owner = owners.putIfAbsent(key, applicationId);
        if (owner != null && !owner.equals(applicationId)) {
            throw new InvalidInputException("name", "must be unique within the team, and another application of"
                    + " the team already has this name", name.value());
        }
        if (owner == null && CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().onRollback(unitOfWork -> owners.remove(key, applicationId));
        }
    }

    /**
     * Sets whether the engine has a proxy that routes domains. Without one, an application that names domains is
     * rejected. Call it before the engine starts; the default is false.
     */
    public void routeDomains(boolean routed) {
        this.domainsRouted = routed;
    }

    /**
     * Claims every domain for an application, or none of them.
     *
     * @throws InvalidInputException when the engine has no proxy, or another application has one of the domains
     */
    public void claimDomains(List<DomainName> domains, ApplicationId applicationId) {
        if (domains.isEmpty()) {
            return;
        }
        if (!domainsRouted) {
            throw new InvalidInputException(DomainName.FIELD, "need the engine's proxy, which is not enabled; set"
                    + " slipway.proxy.enabled=true, or give the engine a TrafficRouter", domains.get(0).value());
        }
        List<DomainName> claimed = new ArrayList<>();
        for (DomainName domain : domains) {
            ApplicationId owner = domainOwners.putIfAbsent(domain, applicationId);
            if (owner != null && !owner.equals(applicationId)) {
                claimed.forEach(taken -> domainOwners.remove(taken, applicationId));
                throw new InvalidInputException(DomainName.FIELD, "must not be a domain of another application",
                        domain.value());
            }
            if (owner == null) {
                claimed.add(domain);
            }
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().onRollback(unitOfWork -> claimed.forEach(
                    domain -> domainOwners.remove(domain, applicationId)));
        }
    }

    /** Releases the name of a deleted application, so that a new application of its team may take it. */
    void release(TeamId team, ApplicationName name, ApplicationId applicationId) {
        owners.remove(new NameInTeam(team, name), applicationId);
    }

    /** Records a name that the event store already holds; used while read models are rebuilt. */
    void record(TeamId team, ApplicationName name, ApplicationId applicationId) {
        owners.put(new NameInTeam(team, name), applicationId);
    }

    /** Records domains that the event store already holds; used while read models are rebuilt. */
    void recordDomains(List<DomainName> domains, ApplicationId applicationId) {
        domains.forEach(domain -> domainOwners.put(domain, applicationId));
    }

    /** Releases the domains of a deleted application. */
    void releaseDomains(List<DomainName> domains, ApplicationId applicationId) {
        domains.forEach(domain -> domainOwners.remove(domain, applicationId));
    }

    void clear() {
        owners.clear();
        domainOwners.clear();
    }

    /** A name within a team. Applications without a team share {@link TeamId#UNASSIGNED}. */
    private record NameInTeam(TeamId team, ApplicationName name) {

        NameInTeam {
            team = team == null ? TeamId.UNASSIGNED : team;
        }
    }
}
