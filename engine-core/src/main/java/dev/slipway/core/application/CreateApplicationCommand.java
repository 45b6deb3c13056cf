package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.access.TeamOwnedCreation;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.team.TeamId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates an application that deploys from a Git repository to a server. A null {@code serverId} means the local
 * server; a null {@code teamId} means the caller's default team: the configured default team, else the caller's
 * personal team.
 */
@RequiredRole(Role.ADMIN)
public record CreateApplicationCommand(@TargetAggregateIdentifier ApplicationId applicationId, ApplicationName name,
                                       SourceSpec source, RuntimeSpec runtime, ServerId serverId, TeamId teamId)
        implements TeamOwnedCreation {

    /** Creates an application in the caller's default team. */
    public CreateApplicationCommand(ApplicationId applicationId, ApplicationName name, SourceSpec source,
                                    RuntimeSpec runtime, ServerId serverId) {
        this(applicationId, name, source, runtime, serverId, null);
    }
}
