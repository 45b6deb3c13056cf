package dev.slipway.core.runtime;

import java.util.Map;

/**
 * Request to run one container of an application.
 *
 * @param name          the container name, unique on the Docker host
 * @param image         the image to run, as returned by {@link ContainerRuntime#build}
 * @param network       the application's network, as returned by {@link ContainerRuntime#ensureNetwork}
 * @param containerPort the TCP port the application listens on inside the container
 * @param environment   environment variables, passed to Docker as given
 * @param limits        memory, CPU and process limits
 * @param labels        labels to set on the container, including {@link EngineLabels}
 */
public record ContainerRequest(String name, String image, String network, int containerPort,
                               Map<String, String> environment, ResourceLimits limits, Map<String, String> labels) {

    public ContainerRequest {
        environment = Map.copyOf(environment);
        labels = Map.copyOf(labels);
    }
}
