package dev.slipway.core.application;

/** Records that the credential of the application's repository was set, as ciphertext only. */
public record GitCredentialSetEvent(ApplicationId applicationId, SourceCredential credential) {
}
