package dev.slipway.core.application;

/** Finds the current configuration of an application; the result is empty when the application does not exist. */
public record FindConfigurationQuery(ApplicationId applicationId) {
}
