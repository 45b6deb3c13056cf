package dev.slipway.core.application;

/**
 * Records that a build argument of the application's image build was set, with the configuration version
 * this change made.
 */
public record BuildArgumentSetEvent(ApplicationId applicationId, VariableName name, String value,
                                    long configurationVersion) {
}
