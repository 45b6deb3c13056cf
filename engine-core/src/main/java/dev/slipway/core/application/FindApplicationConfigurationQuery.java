package dev.slipway.core.application;

/**
 * Finds the current configuration of an application with its encrypted secrets, for engine operations such as
 * re-encryption. The result is empty when the application does not exist. Never expose it through an API.
 */
public record FindApplicationConfigurationQuery(ApplicationId applicationId) {
}
