package dev.slipway.core.application;

import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates an application that deploys from a Git repository to a server. A null {@code serverId} means the local
 * server.
 */
public record CreateApplicationCommand(@TargetAggregateIdentifier ApplicationId applicationId, ApplicationName name,
                                       SourceSpec source, RuntimeSpec runtime, ServerId serverId) {
}
