package dev.slipway.core.readmodel;

import java.time.Duration;
import java.util.List;

/**
 * Outcome of a read model replay.
 *
 * @param processors     the event processors that were reset and replayed
 * @param duration       how long the replay took
 * @param readModels     the names of the read models that were rebuilt
 * @param eventsReplayed the number of events read from the store
 */
public record ReplayReport(List<String> processors, Duration duration, List<String> readModels,
                           long eventsReplayed) {

    public ReplayReport {
        processors = List.copyOf(processors);
        readModels = List.copyOf(readModels);
    }

    /** Creates a report that names no read model and counts no events. */
    public ReplayReport(List<String> processors, Duration duration) {
        this(processors, duration, List.of(), 0);
    }
}
