package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.spec.InvalidInputException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Removes an environment variable of the application's container. Removing a name that is not set changes
 * nothing. The handler returns the resulting configuration version.
 */
@RequiredRole(Role.ADMIN)
public record RemoveEnvironmentVariableCommand(@TargetAggregateIdentifier ApplicationId applicationId,
                                               VariableName name) {

    public RemoveEnvironmentVariableCommand {
        if (name == null) {
            throw new InvalidInputException("name", "must not be empty", null);
        }
    }
}
