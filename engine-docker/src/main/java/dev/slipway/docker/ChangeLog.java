package dev.slipway.docker;

import dev.slipway.core.runtime.EngineLabels;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per Docker object that the engine creates, starts, stops or removes, on the logger
 * {@value #LOGGER_NAME}, so that operators can route every change the engine made to a Docker host to one place.
 */
final class ChangeLog {

    static final String LOGGER_NAME = "dev.slipway.docker.changes";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
    private static final String NONE = "-";

    private ChangeLog() {
    }

    /**
     * Records one change.
     *
     * @param action what happened, such as {@code created} or {@code removed}
     * @param kind   the kind of object: {@code container}, {@code image} or {@code network}
     * @param id     the object's id, or its name when the id is unknown
     * @param name   the object's name or tag, or {@code null}
     * @param labels the object's labels, which carry the application and deployment ids
     */
    static void record(String action, String kind, String id, String name, Map<String, String> labels) {
        Map<String, String> known = labels == null ? Map.of() : labels;
        LOG.info("{} {} [{}] name [{}] application [{}] deployment [{}]", action, kind, id, name == null ? NONE : name,
                known.getOrDefault(EngineLabels.APPLICATION, NONE), known.getOrDefault(EngineLabels.DEPLOYMENT, NONE));
    }
}
