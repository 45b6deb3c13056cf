package dev.slipway.core.readmodel;

import java.time.Duration;
import java.util.List;

/**
 * Outcome of a read model replay.
 *
 * @param processors the event processors that were reset and replayed
 * @param duration   how long the replay took
 */
public record ReplayReport(List<String> processors, Duration duration) {

    public ReplayReport {
        processors = List.copyOf(processors);
    }
}
