package dev.slipway.web;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.TokenScope;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.security.CallerAuthentication;
import dev.slipway.web.security.ClientAddresses;
import dev.slipway.web.security.SecurityMode;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Builds the {@link RequestContext} of an HTTP request: who sends it, from which address, with which user agent,
 * under which correlation id, and the request's own id as causation id. Both frontends use it, so a request reads
 * the same in the audit log whichever API it came through.
 *
 * <p>The caller is the authenticated principal when a security filter set one: the user of a JWT access token, or
 * {@code token:<id>} with the token's scope for an API token. Without one it is {@code user:anonymous}, except in
 * the unsafe {@link SecurityMode#HEADER} mode, where the {@value #USER_HEADER} header names the user. The client
 * address comes from {@link ClientAddresses}, which reads {@code X-Forwarded-For} only from trusted proxies. The
 * correlation id is taken from the {@value #CORRELATION_HEADER} header when it matches
 * {@code [A-Za-z0-9._-]{1,64}}, otherwise a new UUID.
 */
public class RequestContextResolver {

    /** Request header that names the calling user in the unsafe {@link SecurityMode#HEADER} mode. */
    public static final String USER_HEADER = "X-Slipway-User";
    /** Request and response header that carries the correlation id. */
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    /** Caller of a request that names no user. */
    public static final Caller ANONYMOUS = Caller.user("anonymous");

    static final String RESOLUTION_ATTRIBUTE = RequestContextResolver.class.getName() + ".resolution";

    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String USER_RULE = "must be a user name of 1 to 128 letters, digits or '._@-', sent once";

    private final SecurityMode mode;
    private final ClientAddresses addresses;

    /** Creates a resolver in the unsafe {@link SecurityMode#HEADER} mode that trusts no proxy. */
    public RequestContextResolver() {
        this(SecurityMode.HEADER, new ClientAddresses(List.of()));
    }

    /**
     * Creates a resolver.
     *
     * @param mode      whether the {@value #USER_HEADER} header may name the caller
     * @param addresses finds the client address of a request
     */
    public RequestContextResolver(SecurityMode mode, ClientAddresses addresses) {
        this.mode = mode;
        this.addresses = addresses;
    }

    /**
     * Returns the context of a request, resolving it on first use and reusing it afterwards.
     *
     * @throws InvalidInputException when the {@value #USER_HEADER} header is not a valid user name
     */
    public RequestContext resolve(HttpServletRequest request) {
        return resolution(request).requireContext();
    }

    /** Returns the correlation id of a request, also when its caller could not be resolved. */
    public String correlationId(HttpServletRequest request) {
        return resolution(request).correlationId();
    }

    /**
     * Returns the context stored in the attributes of a request that {@link CorrelationIdFilter} has seen, such as
     * the attributes that Spring for GraphQL copies from the servlet request.
     *
     * @throws InvalidInputException when the {@value #USER_HEADER} header is not a valid user name
     * @throws IllegalStateException when the filter did not see the request
     */
    public RequestContext fromAttributes(Map<String, Object> attributes) {
        return storedResolution(attributes).requireContext();
    }

    /**
     * Returns the correlation id stored in the attributes of a request that {@link CorrelationIdFilter} has seen.
     *
     * @throws IllegalStateException when the filter did not see the request
     */
    public String correlationIdFromAttributes(Map<String, Object> attributes) {
        return storedResolution(attributes).correlationId();
    }

    RequestResolution resolution(HttpServletRequest request) {
        Object stored = request.getAttribute(RESOLUTION_ATTRIBUTE);
        if (stored instanceof RequestResolution resolution) {
            return resolution;
        }
        RequestResolution resolution = resolveNow(request);
        request.setAttribute(RESOLUTION_ATTRIBUTE, resolution);
        return resolution;
    }

    private static RequestResolution storedResolution(Map<String, Object> attributes) {
        Object stored = attributes.get(RESOLUTION_ATTRIBUTE);
        if (stored instanceof RequestResolution resolution) {
            return resolution;
        }
        throw new IllegalStateException("No request context in the request attributes: register "
                + CorrelationIdFilter.class.getSimpleName() + " as a servlet filter");
    }

    private RequestResolution resolveNow(HttpServletRequest request) {
        String correlationId = correlationIdOf(request);
        String clientAddress = addresses.clientAddress(request);
        String userAgent = request.getHeader("User-Agent");
        String requestId = UUID.randomUUID().toString();
        try {
            Principal principal = request.getUserPrincipal();
            if (principal instanceof CallerAuthentication authenticated) {
                TokenScope scope = authenticated.scope();
                return RequestResolution.of(new RequestContext(authenticated.caller(), clientAddress, correlationId,
                        userAgent, requestId, scope));
            }
            Caller caller = mode == SecurityMode.HEADER ? callerOf(request, principal) : ANONYMOUS;
            return RequestResolution.of(new RequestContext(caller, clientAddress, correlationId, userAgent,
                    requestId, null));
        } catch (InvalidInputException rejection) {
            return RequestResolution.rejected(correlationId, rejection);
        }
    }

    private static String correlationIdOf(HttpServletRequest request) {
        String header = request.getHeader(CORRELATION_HEADER);
        if (header != null && CORRELATION_ID.matcher(header).matches()) {
            return header;
        }
        return UUID.randomUUID().toString();
    }

    private static Caller callerOf(HttpServletRequest request, Principal principal) {
        if (principal != null) {
            return Caller.user(principal.getName());
        }
        // The header is trusted as sent, so any client that reaches the server can act as any user. That is why
        // this mode is for tests on a loopback address only.
        List<String> names = Collections.list(request.getHeaders(USER_HEADER));
        if (names.isEmpty()) {
            return ANONYMOUS;
        }
        if (names.size() > 1) {
            throw new InvalidInputException(USER_HEADER, USER_RULE, String.join(", ", names));
        }
        try {
            return Caller.user(names.get(0));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(USER_HEADER, USER_RULE, names.get(0));
        }
    }
}
