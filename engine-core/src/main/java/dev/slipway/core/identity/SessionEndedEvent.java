package dev.slipway.core.identity;

/**
 * Records that a session ended and its refresh and access tokens were revoked.
 *
 * @param userName  the user the session belonged to
 * @param sessionId the id of the session
 * @param reason    why it ended
 */
public record SessionEndedEvent(String userName, String sessionId, SessionEndReason reason) {
}
