package dev.slipway.core.application;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes the credential of the application's repository; Git steps then connect without one. */
public record RemoveGitCredentialCommand(@TargetAggregateIdentifier ApplicationId applicationId) {
}
