package dev.slipway.core.readmodel;

import java.time.Instant;
import java.util.List;

/**
 * Progress of a running replay.
 *
 * @param readModels  the names of the read models being rebuilt
 * @param eventsDone  the events read from the store so far
 * @param eventsTotal the events the store contained when the replay started, taken from the distance between its first
 *                    and last global index; gaps in the index make it larger than the true count, and events stored
 *                    while the replay runs make {@code eventsDone} exceed it
 * @param startedAt   when the replay started
 */
public record ReplayProgress(List<String> readModels, long eventsDone, long eventsTotal, Instant startedAt) {

    public ReplayProgress {
        readModels = List.copyOf(readModels);
    }
}
