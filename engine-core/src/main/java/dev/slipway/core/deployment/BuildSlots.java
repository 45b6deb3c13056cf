package dev.slipway.core.deployment;

import dev.slipway.core.spec.InvalidInputException;

/**
 * Limits on the image builds that run at once. A build that finds no free slot waits, and waiting builds take the
 * slots that free up in the order they began to wait.
 *
 * @param perServer builds that may run at once for the applications of one server; at least 1
 * @param engine    builds that may run at once in one engine process; at least 1
 */
public record BuildSlots(int perServer, int engine) {

    /** 2 builds per server and 4 per engine process. */
    public static final BuildSlots DEFAULT = new BuildSlots(2, 4);

    public BuildSlots {
        if (perServer < 1) {
            throw new InvalidInputException("perServer", "must be at least 1", Integer.toString(perServer));
        }
        if (engine < 1) {
            throw new InvalidInputException("engine", "must be at least 1", Integer.toString(engine));
        }
    }
}
