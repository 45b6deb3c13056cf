package dev.slipway.core.application;

/** Records that the push webhook of an application was removed. */
public record WebhookRemovedEvent(ApplicationId applicationId) {
}
