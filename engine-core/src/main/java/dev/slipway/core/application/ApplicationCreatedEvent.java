package dev.slipway.core.application;

import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.team.TeamId;
import org.axonframework.serialization.Revision;

/**
 * Records that an application was created. Events stored before applications had teams have no revision and no
 * {@code teamId}, and {@link ApplicationCreatedUpcaster} gives them the unassigned team.
 */
@Revision(ApplicationCreatedUpcaster.REVISION)
public record ApplicationCreatedEvent(ApplicationId applicationId, ApplicationName name, SourceSpec source,
                                      RuntimeSpec runtime, ServerId serverId, TeamId teamId) {

    /** Creates the event of an application without a team. */
    public ApplicationCreatedEvent(ApplicationId applicationId, ApplicationName name, SourceSpec source,
                                   RuntimeSpec runtime, ServerId serverId) {
        this(applicationId, name, source, runtime, serverId, null);
    }
}
