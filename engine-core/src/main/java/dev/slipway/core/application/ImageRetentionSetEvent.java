package dev.slipway.core.application;

/** Records how many release images an application keeps, or null in {@code keptImages} for the engine's default. */
public record ImageRetentionSetEvent(ApplicationId applicationId, Integer keptImages) {
}
