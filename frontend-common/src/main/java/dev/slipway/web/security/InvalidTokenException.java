package dev.slipway.web.security;

/**
 * Thrown when a bearer token is rejected. The message names the rule the token broke and never contains the
 * token.
 */
public final class InvalidTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean ruleInResponse;

    /** Creates an exception with the rule the token broke, which only the log shows. */
    public InvalidTokenException(String message) {
        this(message, null, false);
    }

    /** Creates an exception with the rule the token broke and the library's reason, which only the log shows. */
    public InvalidTokenException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private InvalidTokenException(String message, Throwable cause, boolean ruleInResponse) {
        super(message, cause);
        this.ruleInResponse = ruleInResponse;
    }

    /**
     * Creates an exception whose rule the response shows too, for a rule that reveals nothing about stored tokens or
     * keys, such as a length limit.
     */
    public static InvalidTokenException withRuleInResponse(String message) {
        return new InvalidTokenException(message, null, true);
    }

    /** Returns whether the response may show the rule; otherwise it shows a text that is the same for every rule. */
    public boolean ruleInResponse() {
        return ruleInResponse;
    }
}
