package dev.slipway.web;

import dev.slipway.core.runtime.HttpHealthCheck;

/**
 * The HTTP health check of a new application as both frontends accept it. Absent fields take the defaults of
 * {@link HttpHealthCheck#of(String)}; {@link HttpHealthCheck#parse} checks every rule.
 *
 * @param path              the request path, starting with {@code /}, or null for the application's
 *                          {@code healthCheckPath} or {@code /}
 * @param expectedStatus    the HTTP status that means healthy, or null for 200
 * @param intervalMillis    milliseconds between probes, or null for 500
 * @param timeoutMillis     milliseconds one probe may take, or null for 2000
 * @param retries           failed probes after the first that the check tolerates, or null for 60
 * @param startPeriodMillis milliseconds from the first probe during which failed probes do not count, or null
 *                          for 0
 */
public record HealthCheckInput(String path, Integer expectedStatus, Long intervalMillis, Long timeoutMillis,
                               Integer retries, Long startPeriodMillis) {

    /** Validates the fields and returns the check, with {@code fallbackPath} when {@code path} is null. */
    HttpHealthCheck toCheck(String fallbackPath) {
        return HttpHealthCheck.parse(path == null ? fallbackPath : path, expectedStatus, intervalMillis,
                timeoutMillis, retries, startPeriodMillis);
    }
}
