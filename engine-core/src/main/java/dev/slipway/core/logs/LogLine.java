package dev.slipway.core.logs;

import java.time.Instant;

/**
 * One stored line of a deployment's log, with secrets already masked.
 *
 * @param sequence  the line's position in the deployment's log, starting at 1 and without gaps
 * @param timestamp when the engine received the line
 * @param source    where the line comes from
 * @param text      the line without its line terminator
 */
public record LogLine(long sequence, Instant timestamp, LogSource source, String text) {
}
