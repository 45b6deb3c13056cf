package dev.slipway.web.security;

import dev.slipway.core.identity.LoginFailureReason;

/**
 * Thrown when a sign-in, a refresh or a password change is rejected. The client sees one message for every
 * reason, so it cannot tell a wrong password from an unknown user. The reason goes to the log and the audit log.
 */
public final class LoginRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient LoginFailureReason reason;

    LoginRejectedException(LoginFailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Returns why the request was rejected. */
    public LoginFailureReason reason() {
        return reason;
    }
}
