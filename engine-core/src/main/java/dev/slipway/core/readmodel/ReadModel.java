package dev.slipway.core.readmodel;

import java.util.Locale;

/**
 * A projection of the event store that can be cleared and rebuilt. Its event handlers must be idempotent, because
 * an event stored while a replay runs can reach it both through the replay and as a live event.
 */
public interface ReadModel {

    /**
     * The name of the read models' event handling, which a replay's report gives as its processor. The read models
     * get live events from {@link LiveReadModels}, not from an Axon event processor.
     */
    String PROCESSING_GROUP = "slipway-read-models";

    /** Removes everything this read model holds. */
    void reset();

    /**
     * Returns the name that selects this read model for a replay: by default the class name without a
     * {@code Projection} suffix, in lower case, such as {@code application} for {@code ApplicationProjection}.
     */
    default String name() {
        String simpleName = getClass().getSimpleName();
        if (simpleName.endsWith("Projection") && simpleName.length() > "Projection".length()) {
            simpleName = simpleName.substring(0, simpleName.length() - "Projection".length());
        }
        return simpleName.toLowerCase(Locale.ROOT);
    }
}
