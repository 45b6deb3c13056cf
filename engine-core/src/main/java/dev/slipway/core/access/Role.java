package dev.slipway.core.access;

/**
 * A member's role in a team. Each role includes the ones after it: an owner may do all an admin may, an admin all
 * a deployer may, and a deployer all a viewer may.
 */
public enum Role {
    /** Manages the team itself, its members and their roles, and may delete the team. */
    OWNER,
    /** Creates, changes and deletes servers, applications, configuration and secrets. */
    ADMIN,
    /** Requests, cancels and rolls back deployments. */
    DEPLOYER,
    /** Reads the team's resources and audit log. */
    VIEWER;

    /** Tells whether this role includes {@code other}. */
    public boolean includes(Role other) {
        return compareTo(other) <= 0;
    }
}
