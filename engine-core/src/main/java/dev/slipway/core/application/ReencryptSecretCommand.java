package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.spec.InvalidInputException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces a secret's ciphertext with the same value encrypted under a newer data key. The replacement applies only
 * while the stored ciphertext is still {@code previous}, so a value set in the meantime is never overwritten, and
 * only when {@code value} decrypts to the stored value. The handler returns the resulting configuration version.
 */
@RequiredRole(Role.ADMIN)
public record ReencryptSecretCommand(@TargetAggregateIdentifier ApplicationId applicationId, VariableName name,
                                     EncryptedSecret previous, EncryptedSecret value) {

    public ReencryptSecretCommand {
        if (name == null || previous == null || value == null) {
            throw InvalidInputException.withoutValue("secret", "name, previous and new ciphertext must be given");
        }
    }
}
