package dev.slipway.core.logs;

import java.util.List;

/**
 * A page of a deployment's log.
 *
 * @param lines        the lines in sequence order
 * @param lastSequence the sequence of the last line in {@code lines}, or the requested position when the page is
 *                     empty; pass it as the next request's {@code after} to read on
 * @param ended        whether the deployment has ended, so that no line will follow the stored ones
 */
public record LogPage(List<LogLine> lines, long lastSequence, boolean ended) {

    public LogPage {
        lines = List.copyOf(lines);
    }
}
