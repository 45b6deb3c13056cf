package dev.slipway.core.application;

import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.team.TeamId;

/**
 * Records that an application was created. The {@code teamId} is null in events stored before applications had
 * teams.
 */
public record ApplicationCreatedEvent(ApplicationId applicationId, ApplicationName name, SourceSpec source,
                                      RuntimeSpec runtime, ServerId serverId, TeamId teamId) {

    /** Creates the event of an application without a team. */
    public ApplicationCreatedEvent(ApplicationId applicationId, ApplicationName name, SourceSpec source,
                                   RuntimeSpec runtime, ServerId serverId) {
        this(applicationId, name, source, runtime, serverId, null);
    }
}
