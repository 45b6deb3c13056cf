package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes the credential of the application's repository; Git steps then connect without one. */
@RequiredRole(Role.ADMIN)
public record RemoveGitCredentialCommand(@TargetAggregateIdentifier ApplicationId applicationId) {
}
