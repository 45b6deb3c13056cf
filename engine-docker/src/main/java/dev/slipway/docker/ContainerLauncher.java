package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.runtime.RunningContainer;
import dev.slipway.core.runtime.SecretFilesMount;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.CapabilityName;
import dev.slipway.core.spec.PortMapping;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates and starts containers with the engine's hardened defaults, and removes them again when they fail. */
final class ContainerLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLauncher.class);
    private static final Pattern NUMERIC_USER = Pattern.compile("([1-9][0-9]{0,9})(?::([1-9][0-9]{0,9}))?");
    private static final String STEP = DeploymentStep.START_CONTAINER.name();
    private static final int TAIL_LINES = 20;
    private static final long POLL_MILLIS = 10;
    /** Docker statuses of a container that has neither started running nor stopped yet. */
    private static final Set<String> PENDING_STATUSES = Set.of("created", "restarting");

    private final DockerClient api;
    private final DockerFailures failures;
    private final DockerRuntimeSettings settings;
    private final BiFunction<String, Integer, List<String>> logs;
    private final ApplicationVolumes volumes;
    private final ImageUsers imageUsers;

    /**
     * Creates a launcher.
     *
     * @param logs       reads the last lines of a container's output, given its id and the number of lines
     * @param imageUsers the users of the images that the runtime built, which need no inspect
     */
    ContainerLauncher(DockerClient api, DockerFailures failures, DockerRuntimeSettings settings,
                      BiFunction<String, Integer, List<String>> logs, ImageUsers imageUsers) {
        this.api = api;
        this.failures = failures;
        this.settings = settings;
        this.logs = logs;
        this.volumes = new ApplicationVolumes(api, failures, settings.engineId());
        this.imageUsers = imageUsers;
    }

    RunningContainer start(ContainerRequest request) {
        String deployment = request.labels().getOrDefault(EngineLabels.DEPLOYMENT, "-");
        ContainerFloor.requireWithin(request);
        List<String> environment = environment(request);
        String user = userFor(request);
        ExposedPort port = ExposedPort.tcp(request.containerPort());
        requireFreeHostPorts(request);
        List<Mount> mounts = withSecretFiles(volumes.prepare(request), request);

        String id = create(request, environment, user, port, mounts);
        ChangeLog.record("created", "container", id, request.name(), request.labels());
        try {
            api.startContainerCmd(id).exec();
            ChangeLog.record("started", "container", id, request.name(), request.labels());
        } catch (RuntimeException e) {
            StepFailedException failure = failures.failure("start container '" + request.name() + "'", e,
                    "Check the image and the container settings.");
            throw removeAfterFailure(id, request, failure.getMessage(), failure.getCause());
        }
        InspectContainerResponse started = awaitRunning(id, request);

        int hostPort = publishedPort(started, id, request, port);
        LOG.info("deployment [{}] step [{}] started container [{}] id [{}] as user [{}] on {}:{}", deployment, STEP,
                request.name(), id, user, settings.bindAddress(), hostPort);
        return new RunningContainer(id, request.name(), settings.bindAddress(), hostPort);
    }

    /** Builds {@code NAME=value} entries; only the first {@code =} separates name and value, as in Docker. */
    private static List<String> environment(ContainerRequest request) {
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(request.environment()).entrySet()) {
            String name = variable.getKey();
            String value = variable.getValue();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value == null
                    || value.indexOf('\0') >= 0) {
                // The value may be a secret, so the message names the variable only.
                throw new StepFailedException("Unable to start container '" + request.name()
                        + "': environment variable '" + name.replace("\0", "\\0") + "' cannot be passed to Docker:"
                        + " names must be non-empty without '=', and neither names nor values may contain NUL."
                        + " Change the variable and deploy again.");
            }
            entries.add(name + "=" + value);
        }
        return entries;
    }

    /**
     * Returns the image's own user when it names a non-zero numeric uid (and gid), else the configured non-root
     * user. A user name is never trusted, because the image's {@code /etc/passwd} can map any name to uid 0.
     */
    private String userFor(ContainerRequest request) {
        ImageUsers.User built = imageUsers.get(request.image());
        if (built != null) {
            return effectiveUser(built.name(), settings.nonRootUser());
        }
        ContainerConfig config;
        try {
            config = api.inspectImageCmd(request.image()).exec().getConfig();
        } catch (RuntimeException e) {
            throw failures.failure("start container '" + request.name() + "' from image '" + request.image() + "'",
                    e, "Build the image again.");
        }
        return effectiveUser(config == null ? null : config.getUser(), settings.nonRootUser());
    }

    /**
     * Returns the {@code uid:gid} a container runs as. An image user of the form {@code uid} or {@code uid:gid} with
     * non-zero numbers is kept (a missing gid becomes the non-root user's gid); anything else, such as a name, root,
     * or a zero uid or gid, is replaced by {@code nonRootUser}.
     */
    static String effectiveUser(String imageUser, String nonRootUser) {
        String nonRootGroup = nonRootUser.substring(nonRootUser.indexOf(':') + 1);
        if (imageUser == null) {
            return nonRootUser;
        }
        Matcher numeric = NUMERIC_USER.matcher(imageUser.strip());
        if (!numeric.matches()) {
            return nonRootUser;
        }
        return numeric.group(1) + ":" + (numeric.group(2) == null ? nonRootGroup : numeric.group(2));
    }

    /**
     * Adds the read-only bind mount of the request's secret files directory. Bind mounts are otherwise never made,
     * so this host directory is the only one a container can see.
     */
    private static List<Mount> withSecretFiles(List<Mount> mounts, ContainerRequest request) {
        SecretFilesMount secretFiles = request.secretFiles();
        if (secretFiles == null) {
            return mounts;
        }
        List<Mount> all = new ArrayList<>(mounts);
        all.add(new Mount().withType(MountType.BIND).withSource(secretFiles.hostDirectory().toString())
                .withTarget(secretFiles.target().value()).withReadOnly(true));
        return all;
    }

    private String create(ContainerRequest request, List<String> environment, String user, ExposedPort port,
                          List<Mount> mounts) {
        ResourceLimits limits = request.limits();
        Ports bindings = new Ports(port, Ports.Binding.bindIp(settings.bindAddress()));
        List<ExposedPort> exposed = new ArrayList<>(List.of(port));
        for (PortMapping mapping : request.ports()) {
            ExposedPort fixed = ExposedPort.tcp(mapping.containerPort());
            bindings.bind(fixed, Ports.Binding.bindIpAndPort(mapping.hostAddress(), mapping.hostPort()));
            if (!exposed.contains(fixed)) {
                exposed.add(fixed);
            }
        }
        HostConfig host = HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withCapAdd(request.capabilities().stream().map(CapabilityName::value).map(Capability::valueOf)
                        .toArray(Capability[]::new))
                .withReadonlyRootfs(request.readOnlyRootFilesystem())
                .withMounts(mounts)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withPrivileged(false)
                .withIpcMode("private")
                // docker-init as process 1 forwards SIGTERM, so a stop takes effect at once, and reaps zombie
                // processes, which would otherwise count against the process limit.
                .withInit(true)
                .withMemory(limits.memoryBytes())
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs(limits.nanoCpus())
                .withPidsLimit(limits.pids())
                .withNetworkMode(request.network())
                .withPortBindings(bindings);
        if (request.readOnlyRootFilesystem()) {
            host.withTmpFs(Map.of("/tmp", "rw,noexec,nosuid,nodev,size=64m"));
        }
        try {
            return api.createContainerCmd(request.image())
                    .withName(request.name())
                    .withUser(user)
                    .withEnv(environment)
                    .withLabels(request.labels())
                    .withExposedPorts(exposed)
                    .withHostConfig(host)
                    .exec()
                    .getId();
        } catch (ConflictException e) {
            throw failures.failure("create container '" + request.name() + "'", e, "Another container has that"
                    + " name; remove or rename it, then deploy again.");
        } catch (NotFoundException e) {
            throw failures.failure("create container '" + request.name() + "'", e, "Check that the image '"
                    + request.image() + "' and the network '" + request.network() + "' exist.");
        } catch (RuntimeException e) {
            throw failures.failure("create container '" + request.name() + "'", e,
                    "Check the container settings.");
        }
    }

    /**
     * Fails before anything is created when a fixed host port is already published by another container of the
     * engine, so the running release of that application is never disturbed.
     */
    // A redeploy of the same application passes: the deployment stops the previous release's container before it
    // starts the new one, and Docker lists no published ports for a stopped container.
    private void requireFreeHostPorts(ContainerRequest request) {
        if (request.ports().isEmpty()) {
            return;
        }
        List<Container> managed = api.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(EngineLabels.MANAGED, "true")).exec();
        for (PortMapping mapping : request.ports()) {
            for (Container container : managed) {
                for (ContainerPort published : container.getPorts() == null ? new ContainerPort[0]
                        : container.getPorts()) {
                    if (Integer.valueOf(mapping.hostPort()).equals(published.getPublicPort())
                            && sameHostAddress(mapping.hostAddress(), published.getIp())) {
                        String owner = container.getNames() == null || container.getNames().length == 0
                                ? container.getId() : container.getNames()[0].replaceFirst("^/", "");
                        throw new StepFailedException("Unable to start container '" + request.name() + "': host"
                                + " port " + mapping.hostAddress() + ":" + mapping.hostPort() + " is already"
                                + " published by container '" + owner + "'. Choose another host port in the"
                                + " application's ports, or stop that container first.");
                    }
                }
            }
        }
    }

    static boolean sameHostAddress(String requested, String published) {
        return published == null || published.isEmpty() || published.equals(requested)
                || "0.0.0.0".equals(published) || "::".equals(published) || "0.0.0.0".equals(requested);
    }

    /**
     * Returns the container once Docker reports it running, and fails when it has already stopped. This is no
     * proof that the application works: a container that stops later fails its health check, where
     * {@link #requireRunning} reports its exit code and last output. Polls only while Docker still reports the
     * container as created or restarting, for at most the startup check time.
     */
    private InspectContainerResponse awaitRunning(String id, ContainerRequest request) {
        Duration window = settings.startupCheck();
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            InspectContainerResponse container = inspect(id, request);
            InspectContainerResponse.ContainerState state = container.getState();
            if (state != null && Boolean.TRUE.equals(state.getRunning())) {
                return container;
            }
            if (!pending(state)) {
                throw removeAfterFailure(id, request, stoppedMessage(request.name(), state,
                        request.limits().memoryBytes()), null);
            }
            if (System.nanoTime() >= deadline) {
                throw removeAfterFailure(id, request, "Unable to start container '" + request.name() + "': Docker"
                        + " still reported it as " + state.getStatus() + " " + DockerFailures.format(window)
                        + " after it was started. Check the Docker engine, then deploy again.", null);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw removeAfterFailure(id, request, "Unable to start container '" + request.name()
                        + "': interrupted while checking that it runs. Deploy again.", null);
            }
        }
    }

    /**
     * Removes a started container that has stopped and throws with its exit code and last output, so a health
     * check ends at once instead of probing a container that will never respond. Does nothing while it runs, when
     * Docker no longer lists it, or when the Docker call fails, because the health check's probes decide then.
     */
    void requireRunning(RunningContainer container) {
        InspectContainerResponse inspected;
        try {
            inspected = api.inspectContainerCmd(container.id()).exec();
        } catch (RuntimeException e) {
            LOG.debug("container [{}] state unknown during its health check: {}", container.name(),
                    DockerFailures.reason(e));
            return;
        }
        InspectContainerResponse.ContainerState state = inspected.getState();
        if (state == null || Boolean.TRUE.equals(state.getRunning()) || pending(state)) {
            return;
        }
        Long memory = inspected.getHostConfig() == null ? null : inspected.getHostConfig().getMemory();
        Map<String, String> labels = inspected.getConfig() == null || inspected.getConfig().getLabels() == null
                ? Map.of() : inspected.getConfig().getLabels();
        throw removeAfterFailure(container.id(), container.name(), labels, DeploymentStep.HEALTH_CHECK.name(),
                stoppedMessage(container.name(), state, memory), null);
    }

    private static boolean pending(InspectContainerResponse.ContainerState state) {
        return state != null && state.getStatus() != null && PENDING_STATUSES.contains(state.getStatus());
    }

    static String stoppedMessage(String name, InspectContainerResponse.ContainerState state, Long memoryBytes) {
        StringBuilder reason = new StringBuilder("Container '").append(name)
                .append("' stopped before it passed its health check");
        if (state != null && state.getExitCodeLong() != null) {
            reason.append(", with exit code ").append(state.getExitCodeLong());
        }
        if (state != null && Boolean.TRUE.equals(state.getOOMKilled())) {
            reason.append(", killed for exceeding its memory limit");
            if (memoryBytes != null && memoryBytes > 0) {
                reason.append(" of ").append(memoryBytes).append(" bytes");
            }
        }
        if (state != null && state.getError() != null && !state.getError().isBlank()) {
            reason.append(" (").append(state.getError().strip()).append(')');
        }
        return reason.append(". Check the application's command, configuration and resource limits.").toString();
    }

    private int publishedPort(InspectContainerResponse container, String id, ContainerRequest request,
                              ExposedPort port) {
        Ports.Binding[] bindings = container.getNetworkSettings() == null
                || container.getNetworkSettings().getPorts() == null ? null
                : container.getNetworkSettings().getPorts().getBindings().get(port);
        if (bindings == null || bindings.length == 0 || bindings[0].getHostPortSpec() == null) {
            throw removeAfterFailure(id, request, "Unable to start container '" + request.name() + "': Docker did"
                    + " not publish port " + port.getPort() + " on " + settings.bindAddress() + ". Deploy again.",
                    null);
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    private InspectContainerResponse inspect(String id, ContainerRequest request) {
        try {
            return api.inspectContainerCmd(id).exec();
        } catch (RuntimeException e) {
            StepFailedException failure = failures.failure("inspect container '" + request.name() + "'", e,
                    "Check whether something else removed it.");
            throw removeAfterFailure(id, request, failure.getMessage(), failure.getCause());
        }
    }

    /** Reads the container's last output, removes it, and returns the exception to throw. */
    private StepFailedException removeAfterFailure(String id, ContainerRequest request, String message,
                                                   Throwable cause) {
        return removeAfterFailure(id, request.name(), request.labels(), STEP, message, cause);
    }

    private StepFailedException removeAfterFailure(String id, String name, Map<String, String> labels, String step,
                                                   String message, Throwable cause) {
        String deployment = labels.getOrDefault(EngineLabels.DEPLOYMENT, "-");
        // A cancel or a closing engine interrupts the step's thread. Then the engine stopped the step, and nothing
        // failed.
        boolean interrupted = Thread.currentThread().isInterrupted() || isCancellation(cause);
        List<String> output = lastOutput(id);
        try {
            api.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            ChangeLog.record("removed", "container", id, name, labels);
        } catch (NotFoundException e) {
            LOG.debug("deployment [{}] step [{}] container [{}] was already gone", deployment, step, id);
        } catch (RuntimeException e) {
            if (interrupted || Thread.currentThread().isInterrupted() || isCancellation(e)) {
                // The deployment's clean-up removes the container.
                LOG.info("deployment [{}] step [{}] container [{}] id [{}] not removed here, because the step was"
                        + " interrupted: {}", deployment, step, name, id, DockerFailures.reason(e));
            } else {
                LOG.error("deployment [{}] step [{}] unable to remove failed container [{}] id [{}]: {}",
                        deployment, step, name, id, DockerFailures.reason(e));
            }
        }
        if (interrupted) {
            LOG.info("deployment [{}] step [{}] container [{}] stopped with the interrupted step: {}", deployment,
                    step, name, message.lines().findFirst().orElse(message));
        } else {
            LOG.warn("deployment [{}] step [{}] container [{}] failed: {}", deployment, step, name,
                    message.lines().findFirst().orElse(message));
        }
        return new StepFailedException(DockerFailures.withOutput(message, "Last container output", output), cause);
    }

    /** Returns whether an interrupt or a cancelled future caused the failure, at any depth. */
    private static boolean isCancellation(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CancellationException || cause instanceof ClosedByInterruptException
                    || cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private List<String> lastOutput(String id) {
        try {
            return logs.apply(id, TAIL_LINES);
        } catch (RuntimeException e) {
            return List.of("(output unavailable: " + DockerFailures.reason(e) + ")");
        }
    }
}
