package dev.slipway.core.autoconfigure;

import dev.slipway.core.deployment.BuildSlots;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Build slots of the deployment engine under Spring Boot, prefix {@code slipway.build-slots}.
 *
 * @param perServer image builds that may run at once for the applications of one server; at least 1, default 2
 * @param engine    image builds that may run at once in this engine process; at least 1, default 4
 */
@ConfigurationProperties("slipway.build-slots")
public record BuildSlotsProperties(Integer perServer, Integer engine) {

    public BuildSlotsProperties {
        perServer = perServer == null ? BuildSlots.DEFAULT.perServer() : perServer;
        engine = engine == null ? BuildSlots.DEFAULT.engine() : engine;
    }

    /** Returns the limits these properties set. */
    public BuildSlots toBuildSlots() {
        return new BuildSlots(perServer, engine);
    }
}
