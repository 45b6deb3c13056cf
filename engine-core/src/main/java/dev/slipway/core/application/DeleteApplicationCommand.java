package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Deletes an application, so that later commands to it fail as for an unknown application. The sender destroys
 * the application's data keyset once this command succeeds, as the web frontends' configuration gateway does.
 *
 * <p>NOTE: Deleting does not stop or remove the application's containers, images or network.
 */
@RequiredRole(Role.ADMIN)
public record DeleteApplicationCommand(@TargetAggregateIdentifier ApplicationId applicationId) {
}
