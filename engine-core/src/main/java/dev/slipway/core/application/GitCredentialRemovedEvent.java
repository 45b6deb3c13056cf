package dev.slipway.core.application;

/** Records that the credential of the application's repository was removed. */
public record GitCredentialRemovedEvent(ApplicationId applicationId) {
}
