package dev.slipway.core.identity;

/**
 * Records that a user signed in with password and TOTP code and received a new session.
 *
 * @param userName  the user who signed in
 * @param sessionId the id of the new session, which its refresh tokens share
 */
public record LoginSucceededEvent(String userName, String sessionId) {
}
