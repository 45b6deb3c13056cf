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
            reject(request, response, "the Authorization header must use the Bearer scheme");
            return;
        }
        String token = header.substring(BEARER.length()).trim();
        CallerAuthentication authentication;
        try {
            authentication = token.startsWith(IdentityService.API_TOKEN_PREFIX)
                    ? identities.authenticateApiToken(token)
                    : accessTokens.verify(token);
        } catch (InvalidTokenException e) {
            reject(request, response, e.getMessage());
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, String reason) throws IOException {
        LOG.warn("request [{} {}] from [{}] rejected: {}", request.getMethod(), request.getRequestURI(),
                addresses.clientAddress(request), reason);
        ProblemResponses.unauthorized(response, "Invalid bearer token: " + reason
                + ". Sign in again or send a valid token.");
    }
}
