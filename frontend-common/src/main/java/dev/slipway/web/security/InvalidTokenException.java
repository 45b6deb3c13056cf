package dev.slipway.web.security;

/**
 * Thrown when a bearer token is rejected. The message names the rule the token broke and never contains the
 * token.
 */
public final class InvalidTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with the rule the token broke. */
    public InvalidTokenException(String message) {
        super(message);
    }

    /** Creates an exception with the rule the token broke and the library's reason. */
    public InvalidTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
