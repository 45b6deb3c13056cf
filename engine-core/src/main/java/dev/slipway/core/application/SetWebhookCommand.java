package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.spec.InvalidInputException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates the push webhook of an application, or replaces its secret when it has one. The secret is already
 * encrypted with the application's data key under {@link #SECRET_NAME}, so no command or event carries it in plain
 * form.
 */
@RequiredRole(Role.ADMIN)
public record SetWebhookCommand(@TargetAggregateIdentifier ApplicationId applicationId, EncryptedSecret secret) {

    /**
     * Name under which the webhook secret is encrypted. It contains a '-', which no secret or environment variable
     * name may contain, so no other secret's ciphertext decrypts as the webhook's.
     */
    public static final String SECRET_NAME = "push-webhook";
    /** The minimum length of a webhook secret, in characters: 32 random bytes in base64url have 43. */
    public static final int MIN_SECRET_LENGTH = 32;

    public SetWebhookCommand {
        if (secret == null) {
            throw InvalidInputException.withoutValue("secret", "must not be empty");
        }
    }
}
