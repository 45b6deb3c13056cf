package dev.slipway.web;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CapabilityName;
import dev.slipway.core.spec.CheckoutPath;
import dev.slipway.core.spec.ContainerLabel;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.MountTarget;
import dev.slipway.core.spec.PortMapping;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.VolumeMount;
import dev.slipway.core.team.TeamId;
import java.util.List;
import java.util.function.Function;

/**
 * Fields of a new application as both frontends accept them. Optional fields are null when absent.
 *
 * @param name                   the application name
 * @param repositoryUrl          the Git repository
 * @param ref                    the branch, tag or commit deployed by default
 * @param buildContext           the build context inside the repository, or null for the repository root
 * @param dockerfile             the Dockerfile relative to the build context, or null for {@code Dockerfile}
 * @param containerPort          the TCP port the application listens on inside its container
 * @param healthCheckPath        the path of the HTTP health check, or null for {@code /}
 * @param ports                  fixed port mappings written {@code [address:]hostPort:containerPort}, or null
 * @param volumes                named volumes written {@code name:/path} or {@code name:/path:ro}, or null
 * @param labels                 container labels, or null
 * @param capabilities           Linux capabilities to add, such as {@code NET_BIND_SERVICE}, or null
 * @param readOnlyRootFilesystem whether the container's root filesystem is read-only, or null for writable
 * @param memoryMegabytes        the memory limit in MiB, or null for the default of 256
 * @param milliCpus              the CPU limit in thousandths of a CPU, or null for the default of 500
 * @param pids                   the process limit, or null for the default of 256
 * @param healthCheck            the full health check, or null for a check of {@code healthCheckPath} with default
 *                               settings; its path, when set, wins over {@code healthCheckPath}
 * @param secretFiles            whether the container receives its secrets as files instead of environment
 *                               variables, or null for environment variables
 * @param secretFilesDirectory   the directory of the secret files inside the container, or null for
 *                               {@code /run/secrets}; only with {@code secretFiles}
 * @param teamId                 the team that owns the application, in which the caller must be admin or owner, or
 *                               null for the caller's default team
 * @param domains                host names under which the engine's proxy serves the application, such as
 *                               {@code shop.example.com}, or null for none
 */
public record ApplicationInput(String name, String repositoryUrl, String ref, String buildContext, String dockerfile,
                               Integer containerPort, String healthCheckPath, List<String> ports,
                               List<String> volumes, List<LabelInput> labels, List<String> capabilities,
                               Boolean readOnlyRootFilesystem, Integer memoryMegabytes, Integer milliCpus,
                               Integer pids, HealthCheckInput healthCheck, Boolean secretFiles,
                               String secretFilesDirectory, String teamId, List<String> domains) {

    static final String MISSING = "must not be empty";
    // Docker bind-mounts files into this directory of every container, so a read-only mount on it fails at start.
    private static final String DOCKER_MANAGED_DIRECTORY = "/etc";

    /**
     * One container label.
     *
     * @param key   the label key
     * @param value the label value
     */
    public record LabelInput(String key, String value) {
    }

    /** Creates input for an application without domains. */
    public ApplicationInput(String name, String repositoryUrl, String ref, String buildContext, String dockerfile,
                            Integer containerPort, String healthCheckPath, List<String> ports,
                            List<String> volumes, List<LabelInput> labels, List<String> capabilities,
                            Boolean readOnlyRootFilesystem, Integer memoryMegabytes, Integer milliCpus,
                            Integer pids, HealthCheckInput healthCheck, Boolean secretFiles,
                            String secretFilesDirectory, String teamId) {
        this(name, repositoryUrl, ref, buildContext, dockerfile, containerPort, healthCheckPath, ports, volumes, labels,
                capabilities, readOnlyRootFilesystem, memoryMegabytes, milliCpus, pids, healthCheck, secretFiles,
                secretFilesDirectory, teamId, null);
    }

    /** Creates input for an application of the caller's default team. */
    public ApplicationInput(String name, String repositoryUrl, String ref, String buildContext, String dockerfile,
                            Integer containerPort, String healthCheckPath, List<String> ports,
                            List<String> volumes, List<LabelInput> labels, List<String> capabilities,
                            Boolean readOnlyRootFilesystem, Integer memoryMegabytes, Integer milliCpus,
                            Integer pids, HealthCheckInput healthCheck, Boolean secretFiles,
                            String secretFilesDirectory) {
        this(name, repositoryUrl, ref, buildContext, dockerfile, containerPort, healthCheckPath, ports, volumes, labels,
                capabilities, readOnlyRootFilesystem, memoryMegabytes, milliCpus, pids, healthCheck, secretFiles,
                secretFilesDirectory, null);
    }

    /** Creates input whose container receives its secrets as environment variables. */
    public ApplicationInput(String name, String repositoryUrl, String ref, String buildContext, String dockerfile,
                            Integer containerPort, String healthCheckPath, List<String> ports,
                            List<String> volumes, List<LabelInput> labels, List<String> capabilities,
                            Boolean readOnlyRootFilesystem, Integer memoryMegabytes, Integer milliCpus,
                            Integer pids, HealthCheckInput healthCheck) {
        this(name, repositoryUrl, ref, buildContext, dockerfile, containerPort, healthCheckPath, ports, volumes, labels,
                capabilities, readOnlyRootFilesystem, memoryMegabytes, milliCpus, pids, healthCheck, null, null, null);
    }

    /** Creates input whose health check has default settings besides its path. */
    public ApplicationInput(String name, String repositoryUrl, String ref, String buildContext, String dockerfile,
                            Integer containerPort, String healthCheckPath, List<String> ports,
                            List<String> volumes, List<LabelInput> labels, List<String> capabilities,
                            Boolean readOnlyRootFilesystem, Integer memoryMegabytes, Integer milliCpus,
                            Integer pids) {
        this(name, repositoryUrl, ref, buildContext, dockerfile, containerPort, healthCheckPath, ports, volumes, labels,
                capabilities, readOnlyRootFilesystem, memoryMegabytes, milliCpus, pids, null);
    }

    /** Creates input without runtime options beyond the port and the health check. */
    public ApplicationInput(String name, String repositoryUrl, String ref, String buildContext, String dockerfile,
                            Integer containerPort, String healthCheckPath) {
        this(name, repositoryUrl, ref, buildContext, dockerfile, containerPort, healthCheckPath, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    /**
     * Validates every field and builds the command that creates the application on the local server, in the team
     * {@code teamId} or the caller's default team.
     *
     * @throws InvalidInputException naming the first field that is missing or breaks its rule
     */
    public CreateApplicationCommand toCommand(ApplicationId applicationId) {
        ApplicationName applicationName = new ApplicationName(required("name", name));
        RepositoryUrl url = RepositoryUrl.parseInput(required("repositoryUrl", repositoryUrl));
        GitRef gitRef = new GitRef(required("ref", ref));
        CheckoutPath context = buildContext == null ? null : CheckoutPath.of("buildContext", buildContext);
        CheckoutPath file = dockerfile == null ? null : CheckoutPath.of("dockerfile", dockerfile);
        if (containerPort == null) {
            throw new InvalidInputException("containerPort", MISSING, null);
        }
        RuntimeSpec runtime = new RuntimeSpec(containerPort, parsedHealthCheck(), limits(),
                each("ports", ports, PortMapping::parse), each("volumes", volumes, VolumeMount::parse),
                each("labels", labels, label -> new ContainerLabel(label.key(), label.value())),
                each("capabilities", capabilities, CapabilityName::parse), Boolean.TRUE.equals(readOnlyRootFilesystem),
                parsedSecretFilesDirectory(), each(DomainName.FIELD, domains, DomainName::new));
        TeamId team = teamId == null ? null : TeamId.of(teamId);
        return new CreateApplicationCommand(applicationId, applicationName, new SourceSpec(url, gitRef, context, file),
                runtime, null, team);
    }

    private MountTarget parsedSecretFilesDirectory() {
        if (!Boolean.TRUE.equals(secretFiles)) {
            if (secretFilesDirectory != null) {
                throw new InvalidInputException(RuntimeSpec.SECRET_FILES_FIELD,
                        "must be empty unless secretFiles is true", secretFilesDirectory);
            }
            return null;
        }
        if (secretFilesDirectory == null) {
            return RuntimeSpec.DEFAULT_SECRET_FILES_DIRECTORY;
        }
        MountTarget target;
        try {
            target = new MountTarget(secretFilesDirectory);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(RuntimeSpec.SECRET_FILES_FIELD, e.rule(), secretFilesDirectory);
        }
        // Checked here rather than in RuntimeSpec, because its rules also apply to stored events when they are read.
        if (target.value().equals(DOCKER_MANAGED_DIRECTORY)) {
            throw new InvalidInputException(RuntimeSpec.SECRET_FILES_FIELD, "must not be /etc, into which Docker"
                    + " mounts the container's hosts, hostname and resolv.conf files; use a directory such as"
                    + " /run/secrets", secretFilesDirectory);
        }
        return target;
    }

    private HttpHealthCheck parsedHealthCheck() {
        if (healthCheck != null) {
            return healthCheck.toCheck(healthCheckPath);
        }
        if (healthCheckPath == null) {
            return null;
        }
        try {
            return HttpHealthCheck.of(healthCheckPath);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("healthCheckPath", e.rule(), healthCheckPath);
        }
    }

    private ResourceLimits limits() {
        if (memoryMegabytes == null && milliCpus == null && pids == null) {
            return null;
        }
        ResourceLimits defaults = ResourceLimits.DEFAULT;
        long memory = memoryMegabytes == null ? defaults.memoryBytes() : memoryMegabytes * 1024L * 1024;
        long cpus = milliCpus == null ? defaults.nanoCpus() : milliCpus * 1_000_000L;
        long processes = pids == null ? defaults.pids() : pids;
        if (memory < 6L * 1024 * 1024) {
            throw new InvalidInputException("memoryMegabytes", "must be at least 6, the smallest limit Docker"
                    + " accepts", String.valueOf(memoryMegabytes));
        }
        if (cpus < 10_000_000L) {
            throw new InvalidInputException("milliCpus", "must be at least 10 (0.01 CPU)", String.valueOf(milliCpus));
        }
        if (processes < 1) {
            throw new InvalidInputException("pids", "must be at least 1", String.valueOf(pids));
        }
        return new ResourceLimits(memory, cpus, processes);
    }

    private static <I, T> List<T> each(String field, List<I> values, Function<I, T> parser) {
        if (values == null) {
            return null;
        }
        if (values.size() > RuntimeSpec.MAX_ENTRIES) {
            throw new InvalidInputException(field, "must have at most " + RuntimeSpec.MAX_ENTRIES + " entries",
                    Integer.toString(values.size()));
        }
        if (values.contains(null)) {
            throw new InvalidInputException(field, "must not contain empty entries", null);
        }
        return values.stream().map(parser).toList();
    }

    private static String required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(field, MISSING, null);
        }
        return value;
    }
}
