package dev.slipway.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its {@code Authorization: Bearer} header: an API token when it starts with
 * {@value IdentityService#API_TOKEN_PREFIX}, otherwise a JWT access token. A request without the header goes on
 * unauthenticated; one with an invalid token gets 401 at once.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);
    private static final String BEARER = "Bearer ";

    private final AccessTokens accessTokens;
    private final IdentityService identities;
    private final ClientAddresses addresses;

    BearerTokenFilter(AccessTokens accessTokens, IdentityService identities, ClientAddresses addresses) {
        this.accessTokens = accessTokens;
        this.identities = identities;
        this.addresses = addresses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            LOG.warn("request [{} {}] from [{}] rejected: the Authorization header does not use the Bearer scheme",
                    request.getMethod(), request.getRequestURI(), addresses.clientAddress(request));
            ProblemResponses.unauthorized(response, "The Authorization header must use the Bearer scheme.");
            return;
        }
        String token = header.substring(BEARER.length()).trim();
        CallerAuthentication authentication;
        try {
            authentication = token.startsWith(IdentityService.API_TOKEN_PREFIX)
                    ? identities.authenticateApiToken(token)
                    : accessTokens.verify(token);
        } catch (InvalidTokenException e) {
            reject(request, response, e.getMessage(), e.ruleInResponse());
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }

    /**
     * Rejects the request with 401 and the same text for every reason whose rule the exception does not put in the
     * response ({@link InvalidTokenException#ruleInResponse()}). So a caller cannot tell a revoked API token from an
     * unknown one or read the token library's messages. The log has the reason.
     */
    private void reject(HttpServletRequest request, HttpServletResponse response, String reason,
                        boolean ruleInResponse)
            throws IOException {
        LOG.warn("request [{} {}] from [{}] rejected: {}", request.getMethod(), request.getRequestURI(),
                addresses.clientAddress(request), reason);
        String detail = ruleInResponse ? reason : "it is expired, revoked, malformed or not issued here";
        ProblemResponses.unauthorized(response, "Invalid bearer token: " + detail
                + ". Refresh the session, sign in again or send a valid token.");
    }
}
