package dev.slipway.core.access;

/**
 * Permission level of an API token. Each scope includes the ones before it: {@code DEPLOY} may also read, and
 * {@code ADMIN} may also deploy.
 */
public enum TokenScope {
    /** Reads resources and the audit log. */
    READ,
    /** Also requests, cancels and rolls back deployments. */
    DEPLOY,
    /** Also creates, changes and deletes resources, their configuration and their secrets. */
    ADMIN;

    /** Tells whether this scope includes {@code other}. */
    public boolean includes(TokenScope other) {
        return compareTo(other) >= 0;
    }
}
