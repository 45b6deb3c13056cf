package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.spec.InvalidInputException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Removes a build argument of the application's image build. Removing a name that is not set changes
 * nothing. The handler returns the resulting configuration version.
 */
@RequiredRole(Role.ADMIN)
public record RemoveBuildArgumentCommand(@TargetAggregateIdentifier ApplicationId applicationId, VariableName name) {

    public RemoveBuildArgumentCommand {
        if (name == null) {
            throw new InvalidInputException("name", "must not be empty", null);
        }
    }
}
