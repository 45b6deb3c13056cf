package dev.slipway.web;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.spec.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Builds the {@link RequestContext} of an HTTP request: who sends it, from which address, and under which
 * correlation id. Both frontends use it, so a request reads the same in the audit log whichever API it came through.
 *
 * <p>The caller is the authenticated principal when the servlet container or a security filter set one, otherwise
 * the user named in the {@value #USER_HEADER} header, otherwise {@code user:anonymous}. The client address is the
 * socket peer address, because forwarded headers are not trusted. The correlation id is taken from the
 * {@value #CORRELATION_HEADER} header when it matches {@code [A-Za-z0-9._-]{1,64}}, otherwise a new UUID, and it is
 * also the causation id of the commands the request sends. The user agent is the {@code User-Agent} header.
 */
public class RequestContextResolver {

    /** Request header that names the calling user while no token authentication exists. */
    public static final String USER_HEADER = "X-Slipway-User";
    /** Request and response header that carries the correlation id. */
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    /** Caller of a request that names no user. */
    public static final Caller ANONYMOUS = Caller.user("anonymous");

    static final String RESOLUTION_ATTRIBUTE = RequestContextResolver.class.getName() + ".resolution";

    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String USER_RULE = "must be a user name of 1 to 128 letters, digits or '._@-', sent once";

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

    private static RequestResolution resolveNow(HttpServletRequest request) {
        String correlationId = correlationIdOf(request);
        try {
            Caller caller = callerOf(request);
            return RequestResolution.of(new RequestContext(caller, request.getRemoteAddr(), correlationId,
                    request.getHeader("User-Agent"), correlationId, null));
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

    private static Caller callerOf(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal != null) {
            return Caller.user(principal.getName());
        }
        // NOTE: The header is trusted as sent, so any client that reaches the server can act as any user. It is
        // trusted only until token authentication exists, and for that reason the quickstart listens on loopback.
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
