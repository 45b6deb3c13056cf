package dev.slipway.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the request limits to every request of both frontends: the declared body size, then the rate limit of
 * the client address, then the rate limit of the authenticated caller. A request over a rate limit gets 429 with
 * {@code Retry-After} in seconds; one with a larger body gets 413.
 */
final class RequestLimitFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLimitFilter.class);

    private final RateLimits rateLimits;
    private final ClientAddresses addresses;
    private final long maxRequestBytes;

    RequestLimitFilter(RateLimits rateLimits, ClientAddresses addresses, long maxRequestBytes) {
        this.rateLimits = rateLimits;
        this.addresses = addresses;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // NOTE: only the declared Content-Length is checked, so a chunked body of unknown length is read in full.
        if (request.getContentLengthLong() > maxRequestBytes) {
            ProblemResponses.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "Request body of "
                    + request.getContentLengthLong() + " bytes is larger than the limit of " + maxRequestBytes
                    + " bytes. Send a smaller request.");
            return;
        }
        String address = addresses.clientAddress(request);
        Duration wait = rateLimits.acquireForAddress(address);
        if (wait != null) {
            LOG.warn("request [{} {}] from [{}] rejected: address rate limit reached", request.getMethod(),
                    request.getRequestURI(), address);
            ProblemResponses.tooManyRequests(response, wait, "Too many requests from this address. Retry after "
                    + ProblemResponses.retryAfterSeconds(wait) + " seconds.");
            return;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof CallerAuthentication caller) {
            wait = rateLimits.acquireForCaller(caller.getName());
            if (wait != null) {
                LOG.warn("request [{} {}] of [{}] rejected: caller rate limit reached", request.getMethod(),
                        request.getRequestURI(), caller.getName());
                ProblemResponses.tooManyRequests(response, wait, "Too many requests from this caller. Retry after "
                        + ProblemResponses.retryAfterSeconds(wait) + " seconds.");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
