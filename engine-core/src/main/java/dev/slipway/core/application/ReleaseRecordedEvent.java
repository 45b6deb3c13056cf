package dev.slipway.core.application;


/** Records that a deployment's container now serves the application. */
public record ReleaseRecordedEvent(ApplicationId applicationId, Release release) {
}
