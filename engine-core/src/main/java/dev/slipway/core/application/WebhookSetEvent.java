package dev.slipway.core.application;

import dev.slipway.core.secret.EncryptedSecret;

/** Records that the push webhook of an application was created or given a new secret, as ciphertext only. */
public record WebhookSetEvent(ApplicationId applicationId, EncryptedSecret secret) {
}
