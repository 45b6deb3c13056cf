package dev.slipway.core.application;

/** Finds one application by id; the answer is empty when it does not exist. */
public record FindApplicationQuery(ApplicationId applicationId) {
}
