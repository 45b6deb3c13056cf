package dev.slipway.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the request limits to every request of both frontends: the declared body size, then the rate limit of
 * the client address, then the rate limit of the authenticated caller, then the size of a body sent without a
 * declared length (chunked). A request over a rate limit gets 429 with {@code Retry-After} in seconds, and one
 * with a larger body gets 413.
 */
final class RequestLimitFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLimitFilter.class);
    /** Methods whose requests carry no body, so a missing length needs no reading ahead. */
    private static final Set<String> NO_BODY_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

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
        if (request.getContentLengthLong() < 0 && !NO_BODY_METHODS.contains(request.getMethod())) {
            // A body without a declared length, such as a chunked one, is read here up to one byte past the limit
            // before anything parses it.
            int readLimit = (int) Math.min(maxRequestBytes + 1, Integer.MAX_VALUE);
            byte[] body = request.getInputStream().readNBytes(readLimit);
            if (body.length > maxRequestBytes) {
                LOG.warn("request [{} {}] from [{}] rejected: body without a length larger than [{}] bytes",
                        request.getMethod(), request.getRequestURI(), address, maxRequestBytes);
                ProblemResponses.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "Request body is larger than the"
                        + " limit of " + maxRequestBytes + " bytes. Send a smaller request.");
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** A request whose body was read into memory, so that later readers get the same bytes. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

        private final int length;
        private final ServletInputStream stream;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.length = body.length;
            this.stream = new InMemoryServletInputStream(new ByteArrayInputStream(body));
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(stream, charset));
        }

        @Override
        public int getContentLength() {
            return length;
        }

        @Override
        public long getContentLengthLong() {
            return length;
        }
    }

    /** A servlet input stream over bytes in memory, which are always ready to read. */
    private static final class InMemoryServletInputStream extends ServletInputStream {

        private final ByteArrayInputStream bytes;

        InMemoryServletInputStream(ByteArrayInputStream bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            return bytes.read(buffer, offset, count);
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("Asynchronous reading is not supported, because the body was"
                    + " already read into memory");
        }
    }
}
