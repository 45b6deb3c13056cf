package dev.slipway.core.application;

/**
 * Records that an environment variable of the application's container was set, with the configuration version
 * this change made.
 */
public record EnvironmentVariableSetEvent(ApplicationId applicationId, VariableName name, String value,
                                          long configurationVersion) {
}
