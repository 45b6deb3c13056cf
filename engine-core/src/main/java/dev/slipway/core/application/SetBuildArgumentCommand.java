package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.spec.InvalidInputException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets a build argument of the application's image build, exactly as given. Deployments requested
 * afterwards use it, and deployments already requested keep the configuration they started with. The handler
 * returns the resulting configuration version.
 */
@RequiredRole(Role.ADMIN)
public record SetBuildArgumentCommand(@TargetAggregateIdentifier ApplicationId applicationId, VariableName name,
                                      String value) {

    public SetBuildArgumentCommand {
        if (name == null) {
            throw new InvalidInputException("name", "must not be empty", null);
        }
        VariableValues.requireValid(value);
    }
}
