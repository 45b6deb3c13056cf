package dev.slipway.web.security;

import java.time.Duration;

/** Thrown when a rate limit has no permit left; the client should retry after {@link #retryAfter()}. */
public final class RateLimitedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** Returns how long the client should wait before it tries again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
