package dev.slipway.core.runtime;

import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.spec.CapabilityName;
import dev.slipway.core.spec.ContainerLabel;
import dev.slipway.core.spec.PortMapping;
import dev.slipway.core.spec.VolumeMount;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Request to run one container of an application.
 *
 * @param name                   the container name, unique on the Docker host
 * @param image                  the image to run, as returned by {@link ContainerRuntime#build}
 * @param network                the application's network, as returned by {@link ContainerRuntime#ensureNetwork}
 * @param containerPort          the TCP port the application listens on inside the container, published on a
 *                               host port the runtime picks
 * @param environment            environment variables, passed to Docker as given
 * @param limits                 memory, CPU and process limits
 * @param labels                 labels to set on the container, including {@link EngineLabels}
 * @param ports                  ports to publish on fixed host ports
 * @param volumes                named volumes of the application to mount
 * @param capabilities           capabilities to add after all are dropped, already checked against the container
 *                               policy
 * @param readOnlyRootFilesystem whether the root filesystem is read-only, with a writable {@code /tmp}
 * @param secretFiles            the directory of secret files to bind-mount read-only, or null for none
 */
public record ContainerRequest(String name, String image, String network, int containerPort,
                               Map<String, String> environment, ResourceLimits limits, Map<String, String> labels,
                               List<PortMapping> ports, List<VolumeMount> volumes, List<CapabilityName> capabilities,
                               boolean readOnlyRootFilesystem, SecretFilesMount secretFiles) {

    public ContainerRequest {
        environment = Map.copyOf(environment);
        labels = Map.copyOf(labels);
        ports = ports == null ? List.of() : List.copyOf(ports);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    /** Creates a request without secret files. */
    public ContainerRequest(String name, String image, String network, int containerPort,
                            Map<String, String> environment, ResourceLimits limits, Map<String, String> labels,
                            List<PortMapping> ports, List<VolumeMount> volumes, List<CapabilityName> capabilities,
                            boolean readOnlyRootFilesystem) {
        this(name, image, network, containerPort, environment, limits, labels, ports, volumes, capabilities,
                readOnlyRootFilesystem, null);
    }

    /** Creates a request without fixed ports, volumes or added capabilities, and with a writable root. */
    public ContainerRequest(String name, String image, String network, int containerPort,
                            Map<String, String> environment, ResourceLimits limits, Map<String, String> labels) {
        this(name, image, network, containerPort, environment, limits, labels, null, null, null, false, null);
    }

    /**
     * Returns this request with the ports, volumes, capabilities, root filesystem setting and user labels of an
     * application's runtime spec. The labels already in this request win, but user labels cannot collide with
     * them because {@link ContainerLabel} rejects the engine's prefix.
     */
    public ContainerRequest withRuntimeOptions(RuntimeSpec runtime) {
        Map<String, String> merged = new HashMap<>();
        for (ContainerLabel label : runtime.labels()) {
            merged.put(label.key(), label.value());
        }
        merged.putAll(labels);
        return new ContainerRequest(name, image, network, containerPort, environment, limits, merged,
                runtime.ports(), runtime.volumes(), runtime.capabilities(), runtime.readOnlyRootFilesystem(),
                secretFiles);
    }

    /** Returns this request with a directory of secret files to bind-mount read-only. */
    public ContainerRequest withSecretFiles(SecretFilesMount mount) {
        return new ContainerRequest(name, image, network, containerPort, environment, limits, labels, ports, volumes,
                capabilities, readOnlyRootFilesystem, mount);
    }

    /** Returns this request with another read-only root filesystem setting. */
    public ContainerRequest withReadOnlyRootFilesystem(boolean readOnly) {
        return new ContainerRequest(name, image, network, containerPort, environment, limits, labels, ports, volumes,
                capabilities, readOnly, secretFiles);
    }

    /** Returns the request with environment variable names only, because their values may be decrypted secrets. */
    @Override
    public String toString() {
        return "ContainerRequest[name=" + name + ", image=" + image + ", network=" + network + ", containerPort="
                + containerPort + ", environment=" + new TreeSet<>(environment.keySet()) + ", limits="
                + limits + ", labels=" + labels + ", secretFiles=" + secretFiles + "]";
    }
}
