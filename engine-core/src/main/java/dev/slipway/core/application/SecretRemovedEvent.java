package dev.slipway.core.application;

/**
 * Records that a secret of the application's container was removed, with the configuration version this change
 * made.
 */
public record SecretRemovedEvent(ApplicationId applicationId, VariableName name, long configurationVersion) {
}
