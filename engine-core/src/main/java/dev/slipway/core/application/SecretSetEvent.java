package dev.slipway.core.application;

import dev.slipway.core.secret.EncryptedSecret;

/**
 * Records that a secret of the application's container was set, as ciphertext and key id only, with the
 * configuration version this change made.
 */
public record SecretSetEvent(ApplicationId applicationId, VariableName name, EncryptedSecret value,
                             long configurationVersion) {
}
