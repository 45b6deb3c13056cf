package dev.slipway.core.server;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers a Docker endpoint that applications can be deployed to.
 *
 * @param serverId the server's id
 * @param name     a name for people
 * @param endpoint the Docker endpoint, such as {@code unix:///var/run/docker.sock}
 */
public record RegisterServerCommand(@TargetAggregateIdentifier ServerId serverId, String name, String endpoint) {
}
