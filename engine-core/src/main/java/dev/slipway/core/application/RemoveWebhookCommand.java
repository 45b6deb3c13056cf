package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes the push webhook of an application, so that deliveries to it are rejected. */
@RequiredRole(Role.ADMIN)
public record RemoveWebhookCommand(@TargetAggregateIdentifier ApplicationId applicationId) {
}
