package dev.slipway.core.application;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that a deployment's container now serves the application. Sent by the engine when a deployment succeeds. */
public record RecordReleaseCommand(@TargetAggregateIdentifier ApplicationId applicationId, Release release) {
}
