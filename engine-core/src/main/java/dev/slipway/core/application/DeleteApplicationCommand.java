package dev.slipway.core.application;

import dev.slipway.core.access.RequiredRole;
import dev.slipway.core.access.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Deletes an application, so that later commands to it fail as for an unknown application. The sender destroys
 * the application's data keyset once this command succeeds, as the web frontends' configuration gateway does.
 *
 * <p>The aggregate only records the deletion. Once it is committed, the engine cancels the application's deployments
 * that have not ended and removes their containers, images and network
 * ({@link dev.slipway.core.deployment.ApplicationRemoval}).
 */
@RequiredRole(Role.ADMIN)
public record DeleteApplicationCommand(@TargetAggregateIdentifier ApplicationId applicationId) {
}
