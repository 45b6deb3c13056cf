package dev.slipway.core.readmodel;

import dev.slipway.core.spec.InvalidInputException;
import java.util.List;
import java.util.Optional;

/** Rebuilds read models from the event store. */
public interface ReadModelReplayer {

    /**
     * Clears every read model, replays the whole event store into it and returns once they have caught up.
     *
     * @return what was replayed
     */
    ReplayReport replay();

    /**
     * Clears one read model, or all of them when {@code readModel} is null, replays the whole event store into it
     * and returns once it has caught up. The listener receives the progress while the replay runs.
     *
     * @throws InvalidInputException when no read model has the name {@code readModel}
     */
    default ReplayReport replay(String readModel, ReplayListener listener) {
        if (readModel == null) {
            return replay();
        }
        throw new InvalidInputException("readModel", "must be one of " + readModelNames(), readModel);
    }

    /** Returns the names of the read models that {@link #replay(String, ReplayListener)} accepts. */
    default List<String> readModelNames() {
        return List.of();
    }

    /** Returns the progress of the replay that is running now, or empty when none runs. */
    default Optional<ReplayProgress> progress() {
        return Optional.empty();
    }
}
