package dev.slipway.core.application;

import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.spec.CapabilityName;
import dev.slipway.core.spec.ContainerLabel;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.MountTarget;
import dev.slipway.core.spec.PortMapping;
import dev.slipway.core.spec.VolumeMount;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Runtime settings of an application's container. Every list may be null, which means empty, and contains at most
 * {@value #MAX_ENTRIES} entries.
 *
 * @param containerPort          the TCP port the application listens on inside its container
 * @param healthCheck            the HTTP check a new container must pass before it takes over
 * @param limits                 memory, CPU and process limits
 * @param ports                  ports published on fixed host ports, besides the health-checked one; no two on the
 *                               same host address and port
 * @param volumes                named volumes to mount; no two at the same target
 * @param labels                 labels to set on the container; no two with the same key
 * @param capabilities           Linux capabilities to add after all of them are dropped
 * @param readOnlyRootFilesystem whether the container's root filesystem is read-only, with a writable {@code /tmp}
 * @param secretFilesDirectory   the directory inside the container that receives the secrets as files, one per
 *                               secret and named after it, instead of environment variables, or null for environment
 *                               variables. It must not be the target of a volume, nor {@code /tmp} with a
 *                               read-only root filesystem.
 * @param domains                host names under which the engine's proxy serves the container's port, such as
 *                               {@code shop.example.com}; each deployment routes them to its new container once it
 *                               passes the health check, before the previous container stops. Empty when the
 *                               application is reached on published ports only.
 */
public record RuntimeSpec(int containerPort, HttpHealthCheck healthCheck, ResourceLimits limits,
                          List<PortMapping> ports, List<VolumeMount> volumes, List<ContainerLabel> labels,
                          List<CapabilityName> capabilities, boolean readOnlyRootFilesystem,
                          MountTarget secretFilesDirectory, List<DomainName> domains) {

    /** Maximum number of entries in each list. */
    public static final int MAX_ENTRIES = 32;
    /** The directory of secret files when an application requests them without naming one. */
    public static final MountTarget DEFAULT_SECRET_FILES_DIRECTORY = new MountTarget("/run/secrets");
    /** The name of the field {@code secretFilesDirectory} in messages. */
    public static final String SECRET_FILES_FIELD = "secretFilesDirectory";

    public RuntimeSpec {
        if (containerPort < 1 || containerPort > 65535) {
            throw new InvalidInputException("containerPort", "must be a TCP port from 1 to 65535",
                    Integer.toString(containerPort));
        }
        healthCheck = healthCheck == null ? HttpHealthCheck.of("/") : healthCheck;
        limits = limits == null ? ResourceLimits.DEFAULT : limits;
        ports = distinct("ports", ports, port -> port.hostAddress() + ":" + port.hostPort(), PortMapping::value);
        volumes = distinct("volumes", volumes, volume -> volume.target().value(), VolumeMount::value);
        labels = distinct("labels", labels, ContainerLabel::key, ContainerLabel::key);
        capabilities = distinct("capabilities", capabilities, CapabilityName::value, CapabilityName::value);
        domains = distinct(DomainName.FIELD, domains, DomainName::value, DomainName::value);
        if (secretFilesDirectory != null) {
            String target = secretFilesDirectory.value();
            if (volumes.stream().anyMatch(volume -> volume.target().value().equals(target))) {
                throw new InvalidInputException(SECRET_FILES_FIELD, "must not be the target of a volume", target);
            }
            if (readOnlyRootFilesystem && "/tmp".equals(target)) {
                throw new InvalidInputException(SECRET_FILES_FIELD, "must not be /tmp, which is a tmpfs of its own"
                        + " when the root filesystem is read-only", target);
            }
        }
    }

    /** Creates a spec without domains. */
    public RuntimeSpec(int containerPort, HttpHealthCheck healthCheck, ResourceLimits limits,
                       List<PortMapping> ports, List<VolumeMount> volumes, List<ContainerLabel> labels,
                       List<CapabilityName> capabilities, boolean readOnlyRootFilesystem,
                       MountTarget secretFilesDirectory) {
        this(containerPort, healthCheck, limits, ports, volumes, labels, capabilities, readOnlyRootFilesystem,
                secretFilesDirectory, null);
    }

    /** Creates a spec whose container receives its secrets as environment variables. */
    public RuntimeSpec(int containerPort, HttpHealthCheck healthCheck, ResourceLimits limits,
                       List<PortMapping> ports, List<VolumeMount> volumes, List<ContainerLabel> labels,
                       List<CapabilityName> capabilities, boolean readOnlyRootFilesystem) {
        this(containerPort, healthCheck, limits, ports, volumes, labels, capabilities, readOnlyRootFilesystem, null,
                null);
    }

    /** Creates a spec with no published ports, volumes, labels or added capabilities, and a writable root. */
    public RuntimeSpec(int containerPort, HttpHealthCheck healthCheck, ResourceLimits limits) {
        this(containerPort, healthCheck, limits, null, null, null, null, false, null, null);
    }

    /** Returns a copy of this spec with other domains, checked like those of a new spec. */
    public RuntimeSpec withDomains(List<DomainName> newDomains) {
        return new RuntimeSpec(containerPort, healthCheck, limits, ports, volumes, labels, capabilities,
                readOnlyRootFilesystem, secretFilesDirectory, newDomains);
    }

    private static <T> List<T> distinct(String field, List<T> values, Function<T, String> identity,
                                        Function<T, String> shown) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_ENTRIES) {
            throw new InvalidInputException(field, "must have at most " + MAX_ENTRIES + " entries",
                    Integer.toString(values.size()));
        }
        Set<String> seen = new HashSet<>();
        for (T value : values) {
            if (value == null) {
                throw new InvalidInputException(field, "must not contain empty entries", null);
            }
            if (!seen.add(identity.apply(value))) {
                throw new InvalidInputException(field, "must not repeat an entry", shown.apply(value));
            }
        }
        return List.copyOf(values);
    }
}
