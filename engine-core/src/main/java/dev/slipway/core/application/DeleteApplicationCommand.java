package dev.slipway.core.application;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Deletes an application, so that later commands to it fail as for an unknown application. The sender destroys
 * the application's data keyset once this command succeeds, as the web frontends' configuration gateway does.
 *
 * <p>NOTE: Deleting does not stop or remove the application's containers, images or network.
 */
public record DeleteApplicationCommand(@TargetAggregateIdentifier ApplicationId applicationId) {
}
