package dev.slipway.core.storage;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Turns {@code slipway.storage.type=axon-server} into {@code axon.axonserver.enabled=true}, so that Axon's connector
 * provides the event store, command bus and query bus. The engine's defaults switch the connector off for every
 * other storage type. An {@code axon.axonserver.enabled} that the application sets itself still wins.
 */
public class StorageEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String PROPERTY_SOURCE = "slipwayStorageDefaults";
    private static final String ENGINE_DEFAULTS = "slipwayDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        StorageType type = Binder.get(environment).bind("slipway.storage.type", StorageType.class)
                .orElse(StorageType.EMBEDDED);
        if (type != StorageType.AXON_SERVER) {
            return;
        }
        MapPropertySource axonServer = new MapPropertySource(PROPERTY_SOURCE,
                Map.of("axon.axonserver.enabled", "true"));
        MutablePropertySources sources = environment.getPropertySources();
        // Sits just above the engine's defaults whichever of the two post-processors runs first.
        if (sources.contains(ENGINE_DEFAULTS)) {
            sources.addBefore(ENGINE_DEFAULTS, axonServer);
        } else {
            sources.addLast(axonServer);
        }
    }
}
