package dev.slipway.web.security;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.TokenScope;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * The authenticated caller of a request, as Spring Security stores it. Its name is the caller's text form, such as
 * {@code user:alice} or {@code token:3f2a…}.
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final Caller caller;
    private final TokenScope scope;
    private final String sessionId;

    /**
     * Creates an authentication.
     *
     * @param caller    who sends the request
     * @param scope     the scope of the API token that authenticated it, or null for a user's access token
     * @param sessionId the session of a locally issued access token, or null
     */
    public CallerAuthentication(Caller caller, TokenScope scope, String sessionId) {
        super(List.of());
        this.caller = caller;
        this.scope = scope;
        this.sessionId = sessionId;
        setAuthenticated(true);
    }

    /** Returns who sends the request. */
    public Caller caller() {
        return caller;
    }

    /** Returns the API token's scope, or null for a user. */
    public TokenScope scope() {
        return scope;
    }

    /** Returns the session of the access token, or null. */
    public String sessionId() {
        return sessionId;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CallerAuthentication that && caller.equals(that.caller)
                && java.util.Objects.equals(scope, that.scope) && java.util.Objects.equals(sessionId, that.sessionId);
    }

    @Override
    public int hashCode() {
        return caller.hashCode();
    }
}
