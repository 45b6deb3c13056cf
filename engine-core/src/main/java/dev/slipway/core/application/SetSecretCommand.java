package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.spec.InvalidInputException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets a secret of the application's container, already encrypted with the application's data key, so that no
 * command or event ever carries its plaintext. The container receives the decrypted value as an environment
 * variable of the same name; image builds never receive it. The handler returns the resulting configuration
 * version. It decrypts the value to check it against {@link VariableValues#requireValidSecret}, so a command sent
 * straight to the command gateway meets the same rules as {@code DeploymentEngine.setSecret}.
 */
@RequiredRole(Role.ADMIN)
public record SetSecretCommand(@TargetAggregateIdentifier ApplicationId applicationId, VariableName name,
                               EncryptedSecret value) {

    public SetSecretCommand {
        if (name == null) {
            throw new InvalidInputException("name", "must not be empty", null);
        }
        if (value == null) {
            throw InvalidInputException.withoutValue("value", "must not be empty");
        }
    }
}
