package dev.slipway.core.runtime;

import dev.slipway.core.spec.InvalidInputException;
import java.time.Duration;

/**
 * HTTP health check of a new container: it is healthy once a GET of {@code path} returns {@code expectedStatus}.
 *
 * @param path           the request path, starting with {@code /}
 * @param expectedStatus the HTTP status that means healthy
 * @param interval       time between probes
 * @param timeout        time one probe may take
 * @param retries        probes after the first before the check fails
 */
public record HttpHealthCheck(String path, int expectedStatus, Duration interval, Duration timeout, int retries) {

    public HttpHealthCheck {
        if (path == null || !path.startsWith("/") || path.length() > 1024
                || path.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new InvalidInputException("healthCheck.path",
                    "must start with '/' and contain no spaces or control characters", path);
        }
        if (expectedStatus < 100 || expectedStatus > 599) {
            throw new InvalidInputException("healthCheck.expectedStatus", "must be an HTTP status from 100 to 599",
                    Integer.toString(expectedStatus));
        }
        if (retries < 0 || retries > 1000) {
            throw new InvalidInputException("healthCheck.retries", "must be from 0 to 1000", Integer.toString(retries));
        }
    }

    /** Returns a check of {@code path} expecting 200, probed every 500 ms for about 30 seconds. */
    public static HttpHealthCheck of(String path) {
        return new HttpHealthCheck(path, 200, Duration.ofMillis(500), Duration.ofSeconds(2), 60);
    }
}
