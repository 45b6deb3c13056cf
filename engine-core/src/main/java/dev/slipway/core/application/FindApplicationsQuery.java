package dev.slipway.core.application;

/** Finds every application, newest first. */
public record FindApplicationsQuery() {
}
