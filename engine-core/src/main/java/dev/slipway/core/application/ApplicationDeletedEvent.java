package dev.slipway.core.application;

/** Records that an application was deleted; its secrets are unreadable from then on. */
public record ApplicationDeletedEvent(ApplicationId applicationId) {
}
