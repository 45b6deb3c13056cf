package dev.slipway.core.runtime;

/**
 * Outcome of one health probe.
 *
 * @param healthy whether the probe saw the expected status
 * @param detail  what the probe saw, such as {@code HTTP 503} or {@code connection refused}
 */
public record ProbeResult(boolean healthy, String detail) {
}
