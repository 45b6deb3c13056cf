package dev.slipway.core.readmodel;

/** Rebuilds read models from the event store. */
public interface ReadModelReplayer {

    /**
     * Clears every read model, replays the whole event store into it and returns once they have caught up.
     *
     * @return what was replayed
     */
    ReplayReport replay();
}
