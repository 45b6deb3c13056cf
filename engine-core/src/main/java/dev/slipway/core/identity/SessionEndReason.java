package dev.slipway.core.identity;

/** Reason a session ended. */
public enum SessionEndReason {
    /** The user logged out. */
    LOGOUT,
    /** The user changed the password, which ends every session of the user. */
    PASSWORD_CHANGED,
    /** A refresh token that had already been exchanged was presented again, so the token may be stolen. */
    REFRESH_TOKEN_REUSED,
    /** The refresh token's lifetime ran out. */
    EXPIRED,
    /** The user was removed from a team, so tokens issued while the user was a member end. */
    REMOVED_FROM_TEAM
}
