package dev.slipway.core.application;

/**
 * Records that an environment variable of the application's container was removed, with the configuration
 * version this change made.
 */
public record EnvironmentVariableRemovedEvent(ApplicationId applicationId, VariableName name,
                                              long configurationVersion) {
}
