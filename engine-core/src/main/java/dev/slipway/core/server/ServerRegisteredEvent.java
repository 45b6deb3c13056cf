package dev.slipway.core.server;

/** Records that a Docker endpoint was registered. */
public record ServerRegisteredEvent(ServerId serverId, String name, String endpoint) {
}
