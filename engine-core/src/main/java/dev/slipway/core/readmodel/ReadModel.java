package dev.slipway.core.readmodel;

/**
 * A projection of the event store that can be cleared and rebuilt. Its event handlers must be idempotent, because
 * an event stored while a replay runs can reach it both through the replay and as a live event.
 */
public interface ReadModel {

    /** The processing group of every read model; its processor runs handlers in the publishing thread. */
    String PROCESSING_GROUP = "slipway-read-models";

    /** Removes everything this read model holds. */
    void reset();
}
