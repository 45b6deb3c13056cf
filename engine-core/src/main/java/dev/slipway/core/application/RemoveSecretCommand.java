package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.spec.InvalidInputException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Removes a secret of the application's container. Removing a name that is not set changes nothing. The handler
 * returns the resulting configuration version.
 */
@RequiredRole(Role.ADMIN)
public record RemoveSecretCommand(@TargetAggregateIdentifier ApplicationId applicationId, VariableName name) {

    public RemoveSecretCommand {
        if (name == null) {
            throw new InvalidInputException("name", "must not be empty", null);
        }
    }
}
