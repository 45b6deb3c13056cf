package dev.slipway.core.application;

import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.spec.CapabilityName;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.PortMapping;
import dev.slipway.core.spec.VolumeMount;
import java.util.List;

/**
 * Runtime settings of an application's container as the client set them, in the units and written forms that
 * creating an application accepts, so a client can compare what it sent with what is stored.
 *
 * @param containerPort          the TCP port the application listens on inside its container
 * @param ports                  fixed port mappings written {@code address:hostPort:containerPort}
 * @param volumes                named volumes written {@code name:/path} or {@code name:/path:ro}
 * @param labels                 container labels
 * @param capabilities           Linux capabilities added after all are dropped
 * @param readOnlyRootFilesystem whether the root filesystem is read-only, with a writable {@code /tmp}
 * @param memoryMegabytes        the memory limit in MiB, rounded down
 * @param milliCpus              the CPU limit in thousandths of a CPU, rounded down
 * @param pids                   the process limit
 * @param healthCheck            the HTTP check a new container must pass before it takes over
 * @param secretFiles            whether the container receives its secrets as files instead of environment
 *                               variables
 * @param secretFilesDirectory   the directory of the secret files inside the container, or null without them
 * @param domains                host names under which the engine's proxy serves the container
 */
public record RuntimeSettingsView(int containerPort, List<String> ports, List<String> volumes, List<Label> labels,
                                  List<String> capabilities, boolean readOnlyRootFilesystem, long memoryMegabytes,
                                  long milliCpus, long pids, HealthCheck healthCheck, boolean secretFiles,
                                  String secretFilesDirectory, List<String> domains) {

    public RuntimeSettingsView {
        ports = List.copyOf(ports);
        volumes = List.copyOf(volumes);
        labels = List.copyOf(labels);
        capabilities = List.copyOf(capabilities);
        domains = domains == null ? List.of() : List.copyOf(domains);
    }

    /** Returns a copy of this view with other domains. */
    public RuntimeSettingsView withDomains(List<String> newDomains) {
        return new RuntimeSettingsView(containerPort, ports, volumes, labels, capabilities, readOnlyRootFilesystem,
                memoryMegabytes, milliCpus, pids, healthCheck, secretFiles, secretFilesDirectory, newDomains);
    }

    /** Returns the view of a runtime spec. */
    public static RuntimeSettingsView of(RuntimeSpec runtime) {
        ResourceLimits limits = runtime.limits();
        HttpHealthCheck check = runtime.healthCheck();
        HealthCheck healthCheck = new HealthCheck(check.path(), check.expectedStatus(), check.interval().toMillis(),
                check.timeout().toMillis(), check.retries(), check.startPeriod().toMillis());
        return new RuntimeSettingsView(runtime.containerPort(),
                runtime.ports().stream().map(PortMapping::value).toList(),
                runtime.volumes().stream().map(VolumeMount::value).toList(),
                runtime.labels().stream().map(label -> new Label(label.key(), label.value())).toList(),
                runtime.capabilities().stream().map(CapabilityName::value).toList(),
                runtime.readOnlyRootFilesystem(), limits.memoryBytes() / (1024 * 1024), limits.nanoCpus() / 1_000_000,
                limits.pids(), healthCheck, runtime.secretFilesDirectory() != null,
                runtime.secretFilesDirectory() == null ? null : runtime.secretFilesDirectory().value(),
                runtime.domains().stream().map(DomainName::value).toList());
    }

    /**
     * One container label.
     *
     * @param key   the label key
     * @param value the label value
     */
    public record Label(String key, String value) {
    }

    /**
     * The HTTP health check of a new container.
     *
     * @param path              the request path
     * @param expectedStatus    the HTTP status that means healthy
     * @param intervalMillis    the time between probes, in milliseconds
     * @param timeoutMillis     the time one probe may take, in milliseconds
     * @param retries           probes after the first before the check fails
     * @param startPeriodMillis the time from the first probe during which failed probes do not count, in
     *                          milliseconds
     */
    public record HealthCheck(String path, int expectedStatus, long intervalMillis, long timeoutMillis, int retries,
                              long startPeriodMillis) {
    }
}
