package dev.slipway.core.policy;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationCreatedEvent;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.readmodel.ReadModel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;

/**
 * Index of the team that owns each application, taken from the {@link RequestContext#TEAM} metadata of the event
 * that created it. Applications created without a team have no entry.
 */
public final class ApplicationTeams implements ReadModel {

    private final Map<ApplicationId, String> teams = new ConcurrentHashMap<>();

    @EventHandler
    void on(ApplicationCreatedEvent event, MetaData metaData) {
        Object team = metaData.get(RequestContext.TEAM);
        if (team != null) {
            teams.putIfAbsent(event.applicationId(), team.toString());
        }
    }

    /** Returns the id of the team that owns an application, or null when it was created without a team. */
    public String teamOf(ApplicationId applicationId) {
        return teams.get(applicationId);
    }

    @Override
    public void reset() {
        teams.clear();
    }

    @Override
    public String name() {
        return "application-team";
    }
}
