package dev.slipway.core.application;

/**
 * Records that a build argument of the application's image build was removed, with the configuration
 * version this change made.
 */
public record BuildArgumentRemovedEvent(ApplicationId applicationId, VariableName name, long configurationVersion) {
}
