package dev.slipway.core.application;

import dev.slipway.core.secret.EncryptedSecret;

/**
 * Records that a secret's unchanged value was encrypted again under a newer data key, with the configuration version
 * this change made.
 */
public record SecretReencryptedEvent(ApplicationId applicationId, VariableName name, EncryptedSecret value,
                                     long configurationVersion) {
}
