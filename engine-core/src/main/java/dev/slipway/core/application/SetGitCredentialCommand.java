package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import dev.slipway.core.spec.InvalidInputException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets the credential that Git steps use for the application's repository, already encrypted with the
 * application's data key, so that no command or event carries the token or private key. It replaces any earlier
 * credential and applies to deployments requested afterwards.
 */
@RequiredRole(Role.ADMIN)
public record SetGitCredentialCommand(@TargetAggregateIdentifier ApplicationId applicationId,
                                      SourceCredential credential) {

    public SetGitCredentialCommand {
        if (credential == null) {
            throw InvalidInputException.withoutValue("credential", "must not be empty");
        }
    }
}
