package dev.slipway.core.readmodel;

/** Receives the progress of a replay, on the replaying thread, so it must return quickly. */
@FunctionalInterface
public interface ReplayListener {

    /** A listener that ignores progress. */
    ReplayListener NONE = progress -> { };

    /** Receives the progress after every batch of events and once more when the replay ends. */
    void progressed(ReplayProgress progress);
}
