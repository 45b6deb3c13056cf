package dev.slipway.core.application;

/** Records how many release images an application keeps; {@code keptImages} is null for the engine's default. */
public record ImageRetentionSetEvent(ApplicationId applicationId, Integer keptImages) {
}
