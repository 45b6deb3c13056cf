package dev.slipway.core.identity;

/** Finds the user an identity event concerns, which the audit log shows as the entry's resource. */
public final class IdentityEvents {

    /** The resource type of audit entries of identity events. */
    public static final String USER_RESOURCE = "User";

    private IdentityEvents() {
    }

    /**
     * Returns the user name an identity event concerns: the user who signed in, failed to sign in or whose session
     * ended, or the owner of an API token. Returns null for any other payload.
     */
    public static String subjectOf(Object payload) {
        if (payload instanceof LoginFailedEvent event) {
            return event.userName();
        }
        if (payload instanceof LoginSucceededEvent event) {
            return event.userName();
        }
        if (payload instanceof SessionEndedEvent event) {
            return event.userName();
        }
        if (payload instanceof ApiTokenIssuedEvent event) {
            return event.owner();
        }
        if (payload instanceof ApiTokenRevokedEvent event) {
            return event.owner();
        }
        return null;
    }
}
