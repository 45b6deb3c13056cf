package dev.slipway.core.storage;

import java.time.Duration;
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
    static final String CLUSTER_PROPERTY_SOURCE = "slipwayClusterDefaults";
    private static final String ENGINE_DEFAULTS = "slipwayDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        addClusterClaimTimeout(environment);
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

    /**
     * Gives Axon's token store the cluster's claim timeout, so that a stopped node's saga segments are taken over
     * after the same time as its deployments. An {@code axon.eventhandling.tokenstore.claim-timeout} that the
     * application sets itself still wins.
     */
    private static void addClusterClaimTimeout(ConfigurableEnvironment environment) {
        Binder binder = Binder.get(environment);
        if (!binder.bind("slipway.cluster.enabled", Boolean.class).orElse(false)) {
            return;
        }
        Duration claimTimeout = binder.bind("slipway.cluster.claim-timeout", Duration.class)
                .orElse(SlipwayClusterProperties.DEFAULT_CLAIM_TIMEOUT);
        environment.getPropertySources().addLast(new MapPropertySource(CLUSTER_PROPERTY_SOURCE,
                Map.of("axon.eventhandling.tokenstore.claim-timeout", claimTimeout.toMillis() + "ms")));
    }
}
