package dev.slipway.core.application;

import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.team.TeamId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Index of application names in use, so that two applications of one team never share a name. Applications of
 * different teams may, so that a name taken in another team is not revealed by a rejection. Applications without a
 * team count as one team. A claim made while handling a command is released again when that command's unit of work
 * rolls back. The application projection releases the name of a deleted application.
 */
public final class ApplicationNames {

    private final Map<NameInTeam, ApplicationId> owners = new ConcurrentHashMap<>();

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

    /** Releases the name of a deleted application, so that a new application of its team may take it. */
    void release(TeamId team, ApplicationName name, ApplicationId applicationId) {
        owners.remove(new NameInTeam(team, name), applicationId);
    }

    /** Records a name that the event store already holds; used while read models are rebuilt. */
    void record(TeamId team, ApplicationName name, ApplicationId applicationId) {
        owners.put(new NameInTeam(team, name), applicationId);
    }

    void clear() {
        owners.clear();
    }

    /** A name within a team. Applications without a team share {@link TeamId#UNASSIGNED}. */
    private record NameInTeam(TeamId team, ApplicationName name) {

        NameInTeam {
            team = team == null ? TeamId.UNASSIGNED : team;
        }
    }
}
