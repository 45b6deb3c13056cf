package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.spec.InvalidInputException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets an environment variable of the application's container, exactly as given. Deployments requested
 * afterwards use it, and deployments already requested keep the configuration they started with. The handler
 * returns the resulting configuration version.
 */
@RequiredRole(Role.ADMIN)
public record SetEnvironmentVariableCommand(@TargetAggregateIdentifier ApplicationId applicationId, VariableName name,
                                            String value) {

    public SetEnvironmentVariableCommand {
        if (name == null) {
            throw new InvalidInputException("name", "must not be empty", null);
        }
        VariableValues.requireValid(value);
    }
}
