package dev.slipway.core.deployment;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.AdmitNextDeploymentCommand;
import dev.slipway.core.application.ApplicationConfiguration;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RecordReleaseCommand;
import dev.slipway.core.application.Release;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.logs.DeploymentLogCapture;
import dev.slipway.core.resilience.StepRetry;
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.GitCredential;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.LogSink;
import dev.slipway.core.runtime.ProbeResult;
import dev.slipway.core.runtime.RunningContainer;
import dev.slipway.core.runtime.SecretFilesMount;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.runtime.TrafficRouter;
import dev.slipway.core.secret.ContainerEnvironment;
import dev.slipway.core.secret.GitCredentials;
import dev.slipway.core.secret.SecretFiles;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.PortMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the slow steps of deployments on a bounded worker pool and reports each outcome to the {@link Deployment}
 * aggregate as a command that carries the caller and correlation id of the request. A step that throws
 * {@link StepFailedException} fails the deployment with that message; any other exception fails it with a
 * message that points to the engine log. One deployment of an application runs at a time: the application
 * aggregate admits each deployment to its lane, and the runner sends it a command when a deployment ends, so that
 * it admits the next queued one. Cancelling a deployment interrupts its running step. Git and Docker calls that
 * fail for a transient reason, such as a reset connection, are retried by {@link StepRetry}; user errors are not.
 */
public final class DeploymentStepRunner implements AutoCloseable {

    /** Metadata key of the engine node that ran a step, on the step's outcome command and the events it causes. */
    public static final String NODE_ID = "slipway.node";

    private static final Logger log = LoggerFactory.getLogger(DeploymentStepRunner.class);
    private static final int LOG_LINES_IN_REASON = 20;
    /** How long {@link #close()} lets interrupted steps and bookkeeping under way end before it interrupts all. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    /**
     * How long a removal waits for the deployment's interrupted step to end before it deletes the work directory
     * anyway. NOTE: a chosen bound. How long Git and Docker calls take to react to an interrupt was not measured.
     */
    static final Duration STEP_END_WAIT = Duration.ofSeconds(60);

    private final SourceRepository sources;
    private final ContainerRuntime containers;
    private final Supplier<CommandGateway> commandGateway;
    private final ExecutorService workers;
    private final Path workDirectory;
    private final SecretVault secrets;
    private final int keptImages;
    private final StepTimeLimits timeLimits;
    private final StepRetry retry = StepRetry.defaults();
    private volatile BuildBulkheads buildSlots;
    private final Map<DeploymentId, Thread> runningSteps = new HashMap<>();
    private final Set<DeploymentId> cancelledSteps = new HashSet<>();
    /** Step threads that store an outcome, which a cancel must not interrupt. Guarded by runningSteps. */
    private final Map<DeploymentId, Thread> storingSteps = new HashMap<>();
    private final Set<DeploymentId> stoppedPrevious = ConcurrentHashMap.newKeySet();
    /**
     * The route that SWITCH_TRAFFIC set or began to set, per deployment until it ends, which a failure in that step
     * or a later one puts back.
     */
    private final Map<DeploymentId, Route> switchedRoutes = new ConcurrentHashMap<>();
    private volatile TrafficRouter router = TrafficRouter.NONE;
    /** The last step that this node started of each deployment that has not ended here. */
    private final Map<DeploymentId, DeploymentStep> startedSteps = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private volatile String nodeId;
    private volatile StepLeases leases = StepLeases.NONE;
    private volatile DeploymentLogCapture logs;
    private volatile SecretFiles secretFiles = new SecretFiles(SecretFiles.DEFAULT_DIRECTORY);

    public DeploymentStepRunner(SourceRepository sources, ContainerRuntime containers,
                                Supplier<CommandGateway> commandGateway, ExecutorService workers,
                                EngineSettings settings) {
        this(sources, containers, commandGateway, workers, settings, null);
    }

    /**
     * Creates a runner that decrypts the application's secrets into the container's environment with
     * {@code secrets}, and masks their values in failure reasons. Without a vault, a deployment with secrets fails
     * when it starts its container.
     */
    public DeploymentStepRunner(SourceRepository sources, ContainerRuntime containers,
                                Supplier<CommandGateway> commandGateway, ExecutorService workers,
                                EngineSettings settings, SecretVault secrets) {
        this.sources = sources;
        this.containers = containers;
        this.commandGateway = commandGateway;
        this.workers = workers;
        this.workDirectory = settings.workDirectory();
        this.secrets = secrets;
        this.keptImages = settings.keptImages();
        this.timeLimits = settings.stepTimeLimits();
        this.buildSlots = new BuildBulkheads(BuildSlots.DEFAULT, timeLimits.limit(DeploymentStep.BUILD_IMAGE));
    }

    /**
     * Makes this runner one of several engine nodes on one event store: it records each deployment it runs in
     * {@code leases}, and marks the outcome of each step with {@code nodeId} under {@link #NODE_ID}. Call it before
     * the engine starts.
     */
    public void runAsNode(String nodeId, StepLeases leases) {
        this.nodeId = nodeId;
        this.leases = leases;
    }

    /**
     * Limits the image builds that run at once, per server and for this engine process. Call it before the engine
     * starts; the default is {@link BuildSlots#DEFAULT}.
     */
    public void limitBuilds(BuildSlots slots) {
        this.buildSlots = new BuildBulkheads(slots, timeLimits.limit(DeploymentStep.BUILD_IMAGE));
    }

    /** Returns the limits of the image builds that run at once. */
    public BuildSlots buildSlots() {
        return buildSlots.slots();
    }

    /**
     * Routes the domains of applications to their new containers with {@code trafficRouter} in the SWITCH_TRAFFIC
     * step. Call it before the engine starts; the default, {@link TrafficRouter#NONE}, fails that step.
     */
    public void routeTrafficWith(TrafficRouter trafficRouter) {
        this.router = trafficRouter;
    }

    /** Returns the router of the SWITCH_TRAFFIC step. */
    public TrafficRouter trafficRouter() {
        return router;
    }

    /** Stores build and container output of every later step with {@code capture}. */
    public void captureLogsIn(DeploymentLogCapture capture) {
        this.logs = capture;
    }

    /**
     * Returns whether {@code step} is the last step of the deployment that this node started, whether it still runs
     * or has finished.
     */
    boolean startedLast(DeploymentId deploymentId, DeploymentStep step) {
        return step != null && step == startedSteps.get(deploymentId);
    }

    /**
     * Writes the secrets of applications that ask for secret files under {@code files}, instead of under
     * {@link SecretFiles#DEFAULT_DIRECTORY}. Call it before the engine starts.
     */
    public void deliverSecretFilesWith(SecretFiles files) {
        this.secretFiles = files;
    }

    /** Returns where secret files are written. */
    public SecretFiles secretFiles() {
        return secretFiles;
    }

    /** Returns the vault that decrypts secrets for containers, or null when this runner has none. */
    public SecretVault secretVault() {
        return secrets;
    }

    /** Returns the Docker port that the steps use. */
    ContainerRuntime containers() {
        return containers;
    }

    /** Returns the time {@code step} may run before the deployment fails. */
    Duration timeLimit(DeploymentStep step) {
        return timeLimits.limit(step);
    }

    /**
     * Fails a deployment whose step ran past its limit, then interrupts the step, so a build stops and a container
     * being started is removed. The failure event makes the saga remove what the deployment started. The command is
     * sent from the calling thread, not the worker pool, so that a timeout is recorded even when every worker is
     * busy.
     */
    void timeOut(DeploymentTask task, DeploymentStep step, Duration limit) {
        String reason = "Step " + step + " ran past its " + StepTimeLimits.format(limit) + " limit and was stopped."
                + " Make the step faster or raise its limit in the engine's step time limits, then deploy again.";
        log.warn("deployment [{}] step [{}] timed out after its {} limit; failing the deployment",
                task.deploymentId(), step, StepTimeLimits.format(limit));
        interruptRunningStep(task);
        MetaData metaData = task.requestContext().toMetaData().and(RequestContext.ENGINE_ORIGIN, "true");
        commandGateway.get().send(asCommandMessage(new FailDeploymentCommand(task.deploymentId(), step, reason))
                .andMetaData(metaData)).whenComplete((result, error) -> {
                    if (error != null) {
                        log.error("deployment [{}] step [{}] failed to record the timeout", task.deploymentId(),
                                step, error);
                    }
                });
    }

    /** Records a lease of this node on a requested deployment until its application admits it to the lane. */
    void hold(DeploymentTask task) {
        leases.hold(task.deploymentId(), null);
    }

    /** Starts a deployment that its application admitted to the lane. */
    void start(DeploymentTask task, Release previousRelease) {
        submit(task, null, () -> {
            try {
                send(task, new StartDeploymentCommand(task.deploymentId(), previousRelease));
                log.info("deployment [{}] started", task.deploymentId());
            } catch (StepOutOfOrderException e) {
                log.info("deployment [{}] ended before it could start; starting the next one", task.deploymentId());
                startNext(task);
            } catch (RuntimeException e) {
                log.error("deployment [{}] could not be started", task.deploymentId(), e);
                fail(task, DeploymentStep.RESOLVE_COMMIT, "The engine could not start the deployment; the engine"
                        + " log has the details under correlation id " + task.requestContext().correlationId()
                        + ". Deploy again.");
            }
        });
    }

    /**
     * Removes an ended deployment from its application's lane; the application then admits the next queued
     * deployment. A failure is logged, and the queued deployments wait until a single engine starts again, which
     * removes the ended deployment from the lane.
     * NOTE: the start of a cluster node does not, because another node may still be ending that deployment.
     */
    private void startNext(DeploymentTask ended) {
        try {
            send(ended, new AdmitNextDeploymentCommand(ended.applicationId(), ended.deploymentId()));
        } catch (AggregateNotFoundException e) {
            log.info("deployment [{}] ended after its application [{}] was deleted", ended.deploymentId(),
                    ended.applicationId());
        } catch (RuntimeException e) {
            log.error("deployment [{}] failed to leave the lane of application [{}]; its queued deployments wait",
                    ended.deploymentId(), ended.applicationId(), e);
        }
    }

    /**
     * Checks what would make a later step fail after work was done, then resolves the ref. The checks find a
     * container name or a fixed host port already taken by a container outside the application. They run before
     * anything is built or started, so a failing check leaves the running release untouched.
     */
    void resolveCommit(DeploymentTask task, ApplicationName name, SourceSpec source, RuntimeSpec runtime) {
        submit(task, DeploymentStep.RESOLVE_COMMIT, () -> {
            checkContainerNameFree(containerName(name, task.deploymentId()));
            checkHostPortsFree(task, runtime);
            checkSecretFilesPossible(runtime);
            GitCredential gitCredential = credential(task, source);
            CommitSha commit = retry.call(task.deploymentId(), DeploymentStep.RESOLVE_COMMIT, "resolve ref '"
                    + source.ref() + "'", () -> sources.resolve(source.repositoryUrl(), source.ref(), gitCredential));
            log.info("deployment [{}] step [RESOLVE_COMMIT] ref [{}] is commit [{}]", task.deploymentId(),
                    source.ref(), commit);
            send(task, new RecordCommitResolvedCommand(task.deploymentId(), commit));
        });
    }

    /**
     * Checks that a rollback can start before anything running is touched: the container name is free and the
     * image of the earlier deployment still exists. Then records that deployment's commit as resolved.
     */
    void resolveRollback(DeploymentTask task, ApplicationName name, Release target) {
        submit(task, DeploymentStep.RESOLVE_COMMIT, () -> {
            checkContainerNameFree(containerName(name, task.deploymentId()));
            requireRollbackImage(target.deploymentId(), target.imageId(), target.commit().value());
            log.info("deployment [{}] step [RESOLVE_COMMIT] rolls back to deployment [{}] image [{}] commit [{}]",
                    task.deploymentId(), target.deploymentId(), target.imageId(), target.commit());
            send(task, new RecordCommitResolvedCommand(task.deploymentId(), target.commit()));
        });
    }

    /**
     * Checks that the image of the deployment a rollback returns to still exists, so that a rollback request can be
     * rejected before a deployment is created for it, and again when the rollback starts.
     *
     * @throws StepFailedException when the image no longer exists, with the commit to deploy again instead
     */
    public void requireRollbackImage(DeploymentId target, String imageId, String commit) {
        if (containers != null && imageId != null && !containers.imageExists(imageId)) {
            throw new StepFailedException("Unable to roll back to deployment '" + target + "': its image '" + imageId
                    + "' no longer exists on the Docker host. Deploy commit " + commit + " again instead.");
        }
    }

    void checkOut(DeploymentTask task, SourceSpec source, CommitSha commit) {
        submit(task, DeploymentStep.CHECK_OUT, () -> {
            Path checkout = checkoutDirectory(task);
            GitCredential gitCredential = credential(task, source);
            retry.call(task.deploymentId(), DeploymentStep.CHECK_OUT, "check out commit " + commit.abbreviated(),
                    () -> {
                        deleteRecursively(checkout);
                        sources.checkOut(source.repositoryUrl(), source.ref(), commit, checkout, gitCredential);
                        return null;
                    });
            send(task, new RecordSourceCheckedOutCommand(task.deploymentId()), () -> deleteQuietly(task));
        });
    }

    /** Takes a build slot, and records in the read model when the build has to wait for one and when it took one. */
    private BuildBulkheads.Slot takeBuildSlot(DeploymentTask task, ServerId serverId) {
        boolean[] waited = {false};
        BuildBulkheads.Slot slot = buildSlots.acquire(serverId, reason -> {
            waited[0] = true;
            log.info("deployment [{}] step [BUILD_IMAGE] {}", task.deploymentId(), reason);
            send(task, new RecordBuildSlotAwaitedCommand(task.deploymentId(), reason));
        });
        if (waited[0]) {
            try {
                send(task, new RecordBuildSlotTakenCommand(task.deploymentId()));
            } catch (RuntimeException e) {
                slot.close();
                throw e;
            }
            log.info("deployment [{}] step [BUILD_IMAGE] took a build slot on server [{}]", task.deploymentId(),
                    serverId);
        }
        return slot;
    }

    /**
     * Checks out the commit again when this node lacks the deployment's checkout, because another engine node ran
     * CHECK_OUT and then stopped or handed the deployment's saga segment over. The outcome of CHECK_OUT is already
     * recorded, so this is part of the step that needs the source and records no event of its own.
     */
    private void checkOutAgainWhenMissing(DeploymentTask task, SourceSpec source, CommitSha commit, Path checkout)
            throws Exception {
        if (Files.isDirectory(checkout)) {
            return;
        }
        log.info("deployment [{}] step [BUILD_IMAGE] checkout of commit [{}] is missing on node [{}], so it is"
                + " checked out again", task.deploymentId(), commit, nodeId == null ? "local" : nodeId);
        GitCredential gitCredential = credential(task, source);
        retry.call(task.deploymentId(), DeploymentStep.BUILD_IMAGE, "check out commit " + commit.abbreviated()
                + " again", () -> {
                    deleteRecursively(checkout);
                    sources.checkOut(source.repositoryUrl(), source.ref(), commit, checkout, gitCredential);
                    return null;
                });
    }

    /** Returns the decrypted repository credential, or null when the source has none or no vault is set. */
    private GitCredential credential(DeploymentTask task, SourceSpec source) {
        if (source.credential() == null) {
            return null;
        }
        return GitCredentials.decrypt(secrets, task.applicationId(), source.credential());
    }

    /**
     * Builds the image once the deployment has taken a build slot of its server and of the engine. While it waits, the
     * deployment shows as QUEUED with the slot it waits for. The wait counts against the step's time limit.
     */
    void buildImage(DeploymentTask task, ServerId serverId, SourceSpec source, CommitSha commit,
                    ApplicationConfiguration configuration) {
        submit(task, DeploymentStep.BUILD_IMAGE, () -> {
            try (BuildBulkheads.Slot slot = takeBuildSlot(task, serverId)) {
                Path checkout = checkoutDirectory(task);
                checkOutAgainWhenMissing(task, source, commit, checkout);
                Path context = locate(checkout, source.buildContext().value(), "buildContext", commit);
                Path dockerfile = locate(context, source.dockerfile().value(), "dockerfile", commit);
                String relativeDockerfile = context.relativize(dockerfile).toString().replace('\\', '/');
                String tag = EngineLabels.imageTag(task.applicationId(), task.deploymentId());
                BuildRequest request = new BuildRequest(context, relativeDockerfile, tag,
                        EngineLabels.forDeployment(task.applicationId(), task.deploymentId()),
                        configuration.buildArguments());
                LogSink output = logs == null ? new ProgressLog(task)
                        : logs.buildOutput(task.deploymentId(), new ProgressLog(task));
                try {
                    String imageId = retry.call(task.deploymentId(), DeploymentStep.BUILD_IMAGE,
                            "build image '" + tag + "'", () -> containers.build(request, output));
                    log.info("deployment [{}] step [BUILD_IMAGE] built image [{}] as [{}]", task.deploymentId(),
                            imageId, tag);
                    send(task, new RecordImageBuiltCommand(task.deploymentId(), imageId, tag), () ->
                            containers.removeImage(tag));
                } catch (Exception e) {
                    removeTagAfterCancel(task, tag);
                    throw e;
                }
            } finally {
                deleteRecursively(workDirectory.resolve(task.deploymentId().toString()));
            }
        });
    }

    /**
     * Starts the new release's container. An application that publishes fixed host ports cannot run two containers
     * at once, because the previous release's container holds those ports. For such an application the previous
     * container is stopped, not removed, just before the new one starts, and started again when the new one fails
     * to start, fails its health check, or the deployment is cancelled or times out.
     * <p>
     * The trade-off: the application is down from that stop until the new container responds, and after a failure
     * the previous container restarts with a fresh process, so state it kept in memory is lost.
     * When the engine stops after the previous container was stopped and before the deployment ends, the next start
     * of a single engine starts the previous container again.
     * NOTE: in a cluster, the node that takes over does not start it, because another node's Docker engine may run
     * it. Start it with the Docker CLI or deploy again.
     */
    void startContainer(DeploymentTask task, ApplicationName name, String imageId, RuntimeSpec runtime,
                        ApplicationConfiguration configuration, Release previous) {
        submit(task, DeploymentStep.START_CONTAINER, () -> {
            String network = retry.call(task.deploymentId(), DeploymentStep.START_CONTAINER, "create the network",
                    () -> containers.ensureNetwork(task.applicationId()));
            String containerName = containerName(name, task.deploymentId());
            ContainerRequest request = containerRequest(task, containerName, imageId, network, runtime,
                    configuration);
            if (!runtime.ports().isEmpty() && previous != null) {
                stopForFixedPorts(task, previous);
            }
            RunningContainer container;
            try {
                container = retry.call(task.deploymentId(), DeploymentStep.START_CONTAINER,
                        "start container '" + containerName + "'", () -> containers.start(request));
            } catch (Exception e) {
                removeSecretFiles(task.applicationId(), task.deploymentId());
                restartStoppedPrevious(task, previous);
                throw e;
            }
            if (logs != null) {
                logs.followContainer(task.deploymentId(), container.id());
            }
            log.info("deployment [{}] step [START_CONTAINER] container [{}] answers at [{}]", task.deploymentId(),
                    container.name(), container.url());
            send(task, new RecordContainerStartedCommand(task.deploymentId(), container.id(), container.name(),
                    container.url()), () -> {
                        containers.removeContainer(container.id());
                        removeSecretFiles(task.applicationId(), task.deploymentId());
                        restartStoppedPrevious(task, previous);
                    });
        });
    }

    /**
     * Returns the request for a deployment's container. Its secrets go into its environment, or, when the runtime
     * spec names a secret files directory, into files that the container mounts there.
     */
    private ContainerRequest containerRequest(DeploymentTask task, String containerName, String imageId,
                                              String network, RuntimeSpec runtime,
                                              ApplicationConfiguration configuration) {
        Map<String, String> labels = EngineLabels.forDeployment(task.applicationId(), task.deploymentId());
        if (runtime.secretFilesDirectory() == null) {
            return new ContainerRequest(containerName, imageId, network, runtime.containerPort(),
                    ContainerEnvironment.of(secrets, task.applicationId(), configuration), runtime.limits(), labels)
                    .withRuntimeOptions(runtime);
        }
        checkSecretFilesPossible(runtime);
        Path directory = secretFiles.write(task.applicationId(), task.deploymentId().toString(),
                ContainerEnvironment.secrets(secrets, task.applicationId(), configuration));
        return new ContainerRequest(containerName, imageId, network, runtime.containerPort(),
                configuration.environment(), runtime.limits(), labels)
                .withRuntimeOptions(runtime)
                .withSecretFiles(new SecretFilesMount(directory, runtime.secretFilesDirectory()));
    }

    /**
     * Fails when the application requests secret files but the Docker engine is on another host, which cannot
     * mount this host's tmpfs, or the secret files directory is not usable.
     */
    private void checkSecretFilesPossible(RuntimeSpec runtime) {
        if (runtime.secretFilesDirectory() == null) {
            return;
        }
        if (!containers.isLocal()) {
            throw new StepFailedException("Unable to deliver the secrets as files (runtime field 'secretFiles'):"
                    + " the server's Docker engine does not run on the engine's own host, so it cannot mount the"
                    + " host's tmpfs. Deploy to a server whose Docker endpoint is a Unix socket or a loopback"
                    + " address, or turn secretFiles off to receive the secrets as environment variables.");
        }
        secretFiles.requireAvailable();
    }

    /** Deletes a deployment's secret files, if it has any. */
    void removeSecretFiles(ApplicationId applicationId, DeploymentId deploymentId) {
        secretFiles.remove(applicationId, deploymentId.toString());
    }

    /**
     * Probes the new container until it is healthy while the previous release keeps serving. Failed probes within
     * the check's start period, counted from when this step began, do not count against its retries.
     */
    void checkHealth(DeploymentTask task, RunningContainer container, HttpHealthCheck check) {
        checkHealth(task, container, check, List.of());
    }

    /**
     * Probes the new container as above; {@code domains} go into the recorded outcome, so the deployment routes
     * them to the container next.
     */
    void checkHealth(DeploymentTask task, RunningContainer container, HttpHealthCheck check,
                     List<DomainName> domains) {
        submit(task, DeploymentStep.HEALTH_CHECK, () -> {
            long startPeriodEnds = System.nanoTime() + check.startPeriod().toNanos();
            int probes = 0;
            int failures = 0;
            ProbeResult result = containers.probe(container, check);
            while (true) {
                probes++;
                if (result.healthy()) {
                    log.info("deployment [{}] step [HEALTH_CHECK] healthy after {} probe(s): {}",
                            task.deploymentId(), probes, result.detail());
                    send(task, new RecordHealthCheckPassedCommand(task.deploymentId(), result.detail(), domains));
                    return;
                }
                if (System.nanoTime() - startPeriodEnds >= 0) {
                    failures++;
                }
                if (failures > check.retries()) {
                    break;
                }
                Thread.sleep(check.interval().toMillis());
                result = containers.probe(container, check);
            }
            throw new StepFailedException("Health check GET " + check.path() + " did not return "
                    + check.expectedStatus() + " after " + probes + " probes (" + failures
                    + " after the start period); last probe: " + result.detail() + "." + lastLines(container.id())
                    + " Check that the application listens on its configured container port and answers GET "
                    + check.path() + " with " + check.expectedStatus() + ".");
        });
    }

    /**
     * Routes the application's domains to the new container, which passed its health check, while the previous
     * container still runs. The router returns once the proxy serves the new route.
     */
    void switchTraffic(DeploymentTask task, List<DomainName> domains, RunningContainer container, int containerPort) {
        submit(task, DeploymentStep.SWITCH_TRAFFIC, () -> {
            switchedRoutes.put(task.deploymentId(), new Route(domains, containerPort));
            router.route(task.applicationId(), domains, container.name(), containerPort);
            log.info("deployment [{}] step [SWITCH_TRAFFIC] routed {} to container [{}]", task.deploymentId(),
                    domains, container.name());
            send(task, new RecordTrafficSwitchedCommand(task.deploymentId(), domains, container.name()));
        });
    }

    /**
     * Routes the domains of a deployment whose health check passed before the engine stopped to its container, at
     * engine start, as SWITCH_TRAFFIC does, and returns the container's name.
     *
     * @throws StepFailedException when the proxy does not take the route
     */
    String switchTrafficAfterRestart(DeploymentView view, List<DomainName> domains, int containerPort) {
        DeploymentId deploymentId = DeploymentId.of(view.id());
        String containerName = containerName(new ApplicationName(view.applicationName()), deploymentId);
        router.route(ApplicationId.of(view.applicationId()), domains, containerName, containerPort);
        log.info("deployment [{}] step [SWITCH_TRAFFIC] routed {} to container [{}] at engine start", deploymentId,
                domains, containerName);
        return containerName;
    }

    /**
     * Puts back the route of a deployment that failed in or after SWITCH_TRAFFIC: the domains go to the previous
     * release's container, or out of the proxy when there is none. A failure is logged, because the deployment has
     * failed either way.
     */
    private void restoreRoute(DeploymentTask task, Release previous) {
        Route route = switchedRoutes.remove(task.deploymentId());
        if (route == null) {
            return;
        }
        try {
            if (previous == null) {
                router.removeRoute(task.applicationId());
                log.info("deployment [{}] removed the route of {} after it failed", task.deploymentId(),
                        route.domains());
            } else {
                router.route(task.applicationId(), route.domains(), previous.containerName(), route.containerPort());
                log.info("deployment [{}] routed {} back to container [{}] of deployment [{}]", task.deploymentId(),
                        route.domains(), previous.containerName(), previous.deploymentId());
            }
        } catch (RuntimeException e) {
            log.error("deployment [{}] failed to put back the route of {} after it failed: {}. Deploy"
                    + " the application again.", task.deploymentId(), route.domains(), e.toString());
        }
    }

    /**
     * Routes the domains of an application whose deployment the engine's stop interrupted after its health check
     * back to the container of the release that serves it, or removes its route when none serves it. Does nothing
     * for an application without domains. A failure is logged, because the interrupted deployment has ended either
     * way.
     */
    void restoreRouteAfterRestart(DeploymentView interrupted, DeploymentView serving, List<DomainName> domains,
                                  int containerPort) {
        if (domains.isEmpty()) {
            return;
        }
        ApplicationId applicationId = ApplicationId.of(interrupted.applicationId());
        try {
            if (serving == null) {
                router.removeRoute(applicationId);
            } else {
                String containerName = containerName(new ApplicationName(serving.applicationName()),
                        DeploymentId.of(serving.id()));
                router.route(applicationId, domains, containerName, containerPort);
                log.info("deployment [{}] routed {} back to container [{}] of deployment [{}] at engine start",
                        interrupted.id(), domains, containerName, serving.id());
            }
        } catch (RuntimeException e) {
            log.error("deployment [{}] failed to put back the route of {} at engine start: {}. Deploy the"
                    + " application again.", interrupted.id(), domains, e.toString());
        }
    }

    /**
     * Routes an application's changed domains to the container of the release that serves it, or removes its route
     * when it has no domains any more. Without a serving release the next deployment routes them. A failure is
     * logged, because the change of domains is stored either way; the next deployment or engine start routes them.
     */
    void applyDomains(ApplicationId applicationId, DeploymentView serving, List<DomainName> domains,
                      int containerPort) {
        try {
            if (domains.isEmpty()) {
                router.removeRoute(applicationId);
                log.info("application [{}] has no domains any more; its route is removed from the proxy",
                        applicationId);
            } else if (serving != null) {
                String containerName = containerName(new ApplicationName(serving.applicationName()),
                        DeploymentId.of(serving.id()));
                router.route(applicationId, domains, containerName, containerPort);
                log.info("application [{}] domains {} routed to container [{}] of deployment [{}]", applicationId,
                        domains, containerName, serving.id());
            }
        } catch (RuntimeException e) {
            log.error("application [{}] domains {} not applied to the proxy: {}. Deploy the application again.",
                    applicationId, domains, e.toString());
        }
    }

    void stopPrevious(DeploymentTask task, Release previous) {
        submit(task, DeploymentStep.STOP_PREVIOUS, () -> {
            retry.call(task.deploymentId(), DeploymentStep.STOP_PREVIOUS, "remove container '"
                    + previous.containerName() + "'", () -> {
                        containers.removeContainer(previous.containerId());
                        return null;
                    });
            removeSecretFiles(task.applicationId(), previous.deploymentId());
            stoppedPrevious.remove(task.deploymentId());
            log.info("deployment [{}] step [STOP_PREVIOUS] removed container [{}] of deployment [{}]",
                    task.deploymentId(), previous.containerName(), previous.deploymentId());
            send(task, new RecordPreviousContainerStoppedCommand(task.deploymentId(), previous.containerId()));
        });
    }

    void complete(DeploymentTask task) {
        submit(task, null, () -> send(task, new CompleteDeploymentCommand(task.deploymentId())));
    }

    void recordRelease(DeploymentTask task, Release release) {
        switchedRoutes.remove(task.deploymentId());
        submit(task, null, () -> {
            boolean applicationDeleted = false;
            try {
                List<String> retained = commandGateway.get().sendAndWait(asCommandMessage(
                        new RecordReleaseCommand(task.applicationId(), release, keptImages))
                        .andMetaData(engineMetaData(task)));
                log.info("deployment [{}] succeeded: application [{}] runs commit [{}] at [{}]", task.deploymentId(),
                        task.applicationId(), release.commit(), release.url());
                removeOldImages(task.deploymentId(), task.applicationId(), retained);
            } catch (AggregateNotFoundException e) {
                // The application's removal waits for this deployment to end and then removes its container.
                applicationDeleted = true;
                log.info("deployment [{}] succeeded after its application [{}] was deleted, so its release is not"
                        + " recorded", task.deploymentId(), task.applicationId());
            } finally {
                leases.release(task.deploymentId());
                startedSteps.remove(task.deploymentId());
                if (!applicationDeleted) {
                    startNext(task);
                }
            }
        });
    }

    /**
     * Records the release of a deployment that succeeded on an engine that stopped before it recorded the release,
     * and applies the image retention, as a deployment's own end does. The application does not record a release
     * twice, so a second call adds nothing.
     *
     * @throws AggregateNotFoundException when the application was deleted
     */
    void recordRecoveredRelease(ApplicationId applicationId, Release release) {
        MetaData metaData = RequestContext.engine().toMetaData();
        List<String> retained = commandGateway.get().sendAndWait(asCommandMessage(
                new RecordReleaseCommand(applicationId, release, keptImages))
                .andMetaData(nodeId == null ? metaData : metaData.and(NODE_ID, nodeId)));
        log.info("deployment [{}] release recorded after a restart: application [{}] runs commit [{}] at [{}]",
                release.deploymentId(), applicationId, release.commit(), release.url());
        removeOldImages(release.deploymentId(), applicationId, retained);
    }

    /**
     * Interrupts the cancelled deployment's running step, then removes what the deployment started, as after a
     * failure. A step that completes despite the interrupt finds its outcome rejected and removes what it created.
     * A deployment cancelled while it waited in the queue started nothing, so it only leaves the queue.
     */
    void cancel(DeploymentTask task, boolean started, String containerId, String imageId, Release previous) {
        if (!started) {
            submit(task, null, () -> {
                leases.release(task.deploymentId());
                startNext(task);
            });
            return;
        }
        interruptRunningStep(task);
        cleanUp(task, containerId, imageId, previous);
    }

    /**
     * Removes the deployment's image tag when a cancel interrupted its build step. The cancel's clean-up may run
     * before the build ends, and the interrupt can then stop the step before it records the image, so nothing else
     * would remove the tag.
     * <p>
     * NOTE: a Docker build that the interrupt cut off may still tag its image after this removal. The orphan removal
     * at the next engine start removes that tag.
     */
    private void removeTagAfterCancel(DeploymentTask task, String tag) {
        synchronized (runningSteps) {
            if (!cancelledSteps.contains(task.deploymentId())) {
                return;
            }
        }
        // The interrupt could make the Docker call fail, so it is restored only after the removal.
        boolean interrupted = Thread.interrupted();
        try {
            containers.removeImage(tag);
            log.info("deployment [{}] step [BUILD_IMAGE] removed image tag [{}] after the cancel",
                    task.deploymentId(), tag);
        } catch (RuntimeException e) {
            log.warn("deployment [{}] step [BUILD_IMAGE] failed to remove image tag [{}] after the cancel: {}",
                    task.deploymentId(), tag, e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Interrupts the deployment's running step, if any, and marks it so its own failure is not reported. */
    private void interruptRunningStep(DeploymentTask task) {
        synchronized (runningSteps) {
            Thread thread = runningSteps.get(task.deploymentId());
            if (thread != null) {
                log.info("deployment [{}] ended: interrupting its running step", task.deploymentId());
                cancelledSteps.add(task.deploymentId());
                thread.interrupt();
            } else if (storingSteps.containsKey(task.deploymentId())) {
                log.info("deployment [{}] ended: interrupting its running step once it has stored its outcome",
                        task.deploymentId());
                cancelledSteps.add(task.deploymentId());
            }
        }
    }

    /**
     * Removes what a failed attempt started: its container, its image unless the previous release uses the same
     * one, its work directory, and the application's network when no release serves the application. Then starts
     * the next queued deployment of the application.
     */
    void cleanUp(DeploymentTask task, String containerId, String imageId, Release previous) {
        submit(task, null, () -> {
            try {
                removeStarted(task, containerId, imageId, previous);
            } finally {
                leases.release(task.deploymentId());
                startedSteps.remove(task.deploymentId());
                startNext(task);
            }
        });
    }

    /**
     * Runs {@code work} on the worker pool as bookkeeping, which engine close lets end rather than interrupts.
     *
     * @return false when the pool takes no more work, because the engine is closing or the queue is full
     */
    boolean submitBookkeeping(Runnable work) {
        try {
            workers.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Removes the container, the container name and the image tag of a deployment of a deleted application, and its
     * work directory. Failures are logged, so that one object does not keep the others.
     */
    void removeOfDeletedApplication(DeploymentView view) {
        DeploymentId deploymentId = DeploymentId.of(view.id());
        ApplicationId applicationId = ApplicationId.of(view.applicationId());
        try {
            removeContainersImageAndWork(view, deploymentId, applicationId);
        } catch (IOException | RuntimeException e) {
            log.warn("deployment [{}] of deleted application [{}] unable to remove what it started: {}", deploymentId,
                    applicationId, e.toString());
        }
    }

    /**
     * Removes the container a deployment's events recorded, a container under the deployment's container name, its
     * image tag and its work directory.
     */
    private void removeContainersImageAndWork(DeploymentView view, DeploymentId deploymentId,
                                              ApplicationId applicationId) throws IOException {
        if (view.containerId() != null) {
            containers.removeContainer(view.containerId());
        }
        containers.removeContainer(containerName(new ApplicationName(view.applicationName()), deploymentId));
        // A rollback has no image tag of its own. Removing this deployment's tag leaves an image that the serving
        // release shares, because that release's tag stays on it and Docker keeps an image a container uses.
        if (view.rollbackOf() == null) {
            containers.removeImage(EngineLabels.imageTag(applicationId, deploymentId));
        }
        deleteWorkDirectory(deploymentId);
    }

    /** Removes the network of a deleted application. A failure is logged. */
    void removeNetworkOfDeletedApplication(ApplicationId applicationId) {
        try {
            router.removeRoute(applicationId);
        } catch (RuntimeException e) {
            log.warn("application [{}] deleted, unable to remove its route from the proxy: {}", applicationId,
                    e.toString());
        }
        try {
            containers.removeNetwork(applicationId);
        } catch (RuntimeException e) {
            log.warn("application [{}] deleted, unable to remove its network: {}", applicationId, e.toString());
        }
    }

    /**
     * Removes, at engine start, what an interrupted deployment may have started. That is the container its events
     * recorded, its image tag, a container with the deployment's container name, its work directory, and the
     * application's network when no release serves the application. Failures are logged, not raised, so that one
     * object cannot stop the engine from starting.
     *
     * @param servingImageId the image of the release that serves the application, or null when none serves it
     */
    void removeInterrupted(DeploymentView view, String servingImageId) {
        DeploymentId deploymentId = DeploymentId.of(view.id());
        ApplicationId applicationId = ApplicationId.of(view.applicationId());
        try {
            removeSecretFiles(applicationId, deploymentId);
            removeContainersImageAndWork(view, deploymentId, applicationId);
            if (servingImageId == null) {
                containers.removeNetwork(applicationId);
            }
            log.info("deployment [{}] removed what it started before the engine stopped", deploymentId);
        } catch (IOException | RuntimeException e) {
            log.warn("deployment [{}] unable to remove what it started before the engine stopped: {}", deploymentId,
                    e.toString());
        }
    }

    /**
     * Removes the previous release's container for a deployment whose health check passed before the engine stopped,
     * as STOP_PREVIOUS does. Does nothing when that container is already gone.
     *
     * @throws StepFailedException when Docker fails to remove it
     */
    void removePreviousAfterRestart(DeploymentId deploymentId, ApplicationId applicationId,
                                    DeploymentId previousDeploymentId, String previousContainerId) {
        containers.removeContainer(previousContainerId);
        removeSecretFiles(applicationId, previousDeploymentId);
        log.info("deployment [{}] step [STOP_PREVIOUS] removed container [{}] of deployment [{}] at engine start",
                deploymentId, previousContainerId, previousDeploymentId);
    }

    /**
     * Starts the serving release's container again after an interrupted deployment, which may have stopped it to
     * free fixed host ports. Does nothing when the container runs. A failure is logged and not raised, because the
     * interrupted deployment has ended either way.
     */
    void startServingAfterRestart(DeploymentId deploymentId, DeploymentId servingDeploymentId, String containerId) {
        try {
            containers.restartContainer(containerId);
        } catch (RuntimeException e) {
            log.warn("deployment [{}] failed to start container [{}] of deployment [{}], which serves the"
                    + " application: {}. Deploy the application again.", deploymentId, containerId,
                    servingDeploymentId, e.toString());
        }
    }

    private void stopForFixedPorts(DeploymentTask task, Release previous) {
        log.info("deployment [{}] step [START_CONTAINER] stopping container [{}] of deployment [{}] to free the"
                + " application's fixed host ports", task.deploymentId(), previous.containerName(),
                previous.deploymentId());
        stoppedPrevious.add(task.deploymentId());
        containers.stopContainer(previous.containerId());
    }

    /** Starts the previous release's container again when this deployment stopped it to free fixed host ports. */
    private void restartStoppedPrevious(DeploymentTask task, Release previous) {
        if (previous == null || !stoppedPrevious.remove(task.deploymentId())) {
            return;
        }
        containers.restartContainer(previous.containerId());
        log.info("deployment [{}] started container [{}] of deployment [{}] again", task.deploymentId(),
                previous.containerName(), previous.deploymentId());
    }

    private void removeStarted(DeploymentTask task, String containerId, String imageId, Release previous)
            throws IOException {
        // The domains go back to the previous container before the new one, which may serve them, is removed.
        restoreRoute(task, previous);
        if (containerId != null) {
            containers.removeContainer(containerId);
        }
        removeSecretFiles(task.applicationId(), task.deploymentId());
        restartStoppedPrevious(task, previous);
        if (imageId != null) {
            // Only this deployment's tag goes, so an image that the previous release shares stays under its tag.
            containers.removeImage(EngineLabels.imageTag(task.applicationId(), task.deploymentId()));
        }
        deleteWorkDirectory(task.deploymentId());
        if (previous == null) {
            containers.removeNetwork(task.applicationId());
        }
        log.info("deployment [{}] removed what it started", task.deploymentId());
    }

    private void submit(DeploymentTask task, DeploymentStep step, Step work) {
        if (step != null) {
            leases.hold(task.deploymentId(), step);
            startedSteps.put(task.deploymentId(), step);
        }
        try {
            workers.execute(() -> run(task, step, work));
        } catch (RejectedExecutionException e) {
            if (closing && step == null) {
                log.info("deployment [{}] clean-up not run: the engine is closing, and its next start removes what"
                        + " the deployment started", task.deploymentId());
                return;
            }
            if (closing) {
                log.info("deployment [{}] step [{}] not run: the engine is closing, and its next start ends or"
                        + " resumes the deployment", task.deploymentId(), step);
                return;
            }
            log.warn("deployment [{}] step [{}] rejected: the worker queue is full", task.deploymentId(), step);
            fail(task, step, "The engine is busy: too many deployment steps are waiting. Try again later.");
        }
    }

    private void run(DeploymentTask task, DeploymentStep step, Step work) {
        if (step != null && closing) {
            log.info("deployment [{}] step [{}] not started: the engine is closing, and its next start ends or"
                    + " resumes the deployment", task.deploymentId(), step);
            return;
        }
        MDC.put("deploymentId", task.deploymentId().toString());
        MDC.put("correlationId", task.requestContext().correlationId());
        if (step != null) {
            synchronized (runningSteps) {
                runningSteps.put(task.deploymentId(), Thread.currentThread());
                if (closing) {
                    // close() began after the check above and did not see this step, so it stops as if it had.
                    Thread.currentThread().interrupt();
                }
            }
        }
        try {
            if (step != null) {
                log.info("deployment [{}] step [{}] started", task.deploymentId(), step);
            }
            work.run();
        } catch (Exception e) {
            handleFailure(task, step, e);
        } finally {
            if (step != null) {
                synchronized (runningSteps) {
                    // A cancel mark belongs to the thread that owns the entry, which may be the next step's.
                    if (runningSteps.remove(task.deploymentId(), Thread.currentThread())) {
                        cancelledSteps.remove(task.deploymentId());
                    }
                    // Wakes a removal that waits in awaitStepEnded for this step to stop writing.
                    runningSteps.notifyAll();
                    // Clears an interrupt from a cancel that arrived as the step ended, so the next task runs clean.
                    Thread.interrupted();
                }
            }
            MDC.remove("deploymentId");
            MDC.remove("correlationId");
        }
    }

    private void handleFailure(DeploymentTask task, DeploymentStep step, Exception e) {
        boolean cancelled;
        synchronized (runningSteps) {
            cancelled = cancelledSteps.contains(task.deploymentId());
        }
        if (cancelled) {
            // The deployment already ended as cancelled or timed out; the failure is the interrupt or its consequence.
            log.info("deployment [{}] step [{}] stopped after the deployment ended: {}", task.deploymentId(), step,
                    e.toString());
        } else if (e instanceof StepOutOfOrderException) {
            // Another engine node ended the deployment, for example after taking over from a stopped node.
            log.info("deployment [{}] step [{}] outcome not recorded: the deployment no longer accepts it: {}",
                    task.deploymentId(), step, e.getMessage());
        } else if (e instanceof InterruptedException || closing) {
            // Libraries and ports report the interrupt in their own way (a CancellationException from docker-java's
            // transport, a StepFailedException for a cancelled build), so any failure while closing counts as the stop.
            log.info("deployment [{}] step [{}] stopped because the engine is closing: {}", task.deploymentId(), step,
                    redacted(e.toString()));
            Thread.currentThread().interrupt();
            fail(task, step, "The engine stopped while step " + step + " was running. Deploy again.");
        } else if (e instanceof StepFailedException || e instanceof InvalidInputException) {
            log.warn("deployment [{}] step [{}] failed: {}", task.deploymentId(), step, redacted(e.getMessage()));
            fail(task, step, e.getMessage());
        } else {
            log.error("deployment [{}] step [{}] failed in the engine", task.deploymentId(), step, e);
            fail(task, step, "Step " + step + " failed inside the engine; the engine log has the details under"
                    + " correlation id " + task.requestContext().correlationId() + ".");
        }
    }

    private void fail(DeploymentTask task, DeploymentStep step, String reason) {
        if (step == null) {
            return;
        }
        // Axon cannot lock an aggregate on an interrupted thread, and a closing engine interrupts running steps. So
        // the flag is cleared while the failure is recorded, and set again afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            send(task, new FailDeploymentCommand(task.deploymentId(), step, reasonOf(task, reason)));
        } catch (StepTakenOverException e) {
            log.warn("deployment [{}] step [{}] failure not recorded: {}", task.deploymentId(), step, e.getMessage());
        } catch (RuntimeException e) {
            if (interrupted || Thread.currentThread().isInterrupted()) {
                // The engine is stopping. At its next start, crash recovery ends the deployment with a reason.
                log.warn("deployment [{}] step [{}] failure not recorded because the engine is stopping: {}",
                        task.deploymentId(), step, e.toString());
                return;
            }
            log.error("deployment [{}] step [{}] could not be marked as failed", task.deploymentId(), step, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Masks known secret values, so that container output quoted in a log line does not log one. */
    private String redacted(String text) {
        return secrets == null ? text : secrets.redactor().redact(text);
    }

    /**
     * Masks the secret values of the deployment's application in a failure reason, so that quoted output never
     * stores one. Secrets of other applications stay, because the deployment's team could otherwise confirm a guessed
     * value of another team's secret by having its build print it.
     */
    private String reasonOf(DeploymentTask task, String reason) {
        return secrets == null ? reason
                : secrets.redactor().redact(reason, SecretVault.secretsOf(task.applicationId()::equals));
    }

    /**
     * Removes the application's images that its image retention does not keep. An image that a container uses
     * stays. A failure is logged and does not fail the deployment, which has already succeeded.
     */
    private void removeOldImages(DeploymentId deploymentId, ApplicationId applicationId, List<String> keptImages) {
        if (keptImages == null || keptImages.isEmpty()) {
            return;
        }
        try {
            List<String> removed = containers.removeImagesExcept(applicationId, Set.copyOf(keptImages));
            log.info("deployment [{}] image retention of application [{}] kept {} image(s), removed {}",
                    deploymentId, applicationId, keptImages.size(), removed);
        } catch (RuntimeException e) {
            log.warn("deployment [{}] image retention of application [{}] failed: {}", deploymentId,
                    applicationId, e.toString());
        }
    }

    /**
     * Sends a command from a step's thread. The command bus stores the events on this thread, and a JDBC driver that
     * writes through an interruptible FileChannel closes the whole database when the writing thread is interrupted
     * (H2 2.3.232's file store does). So a cancel or close waits until the command returns, and then interrupts.
     * NOTE: other database access on a step's thread, outside this method, is not shielded.
     */
    private void send(DeploymentTask task, Object command) {
        Thread current = Thread.currentThread();
        boolean shielded;
        synchronized (runningSteps) {
            shielded = runningSteps.remove(task.deploymentId(), current);
            if (shielded) {
                storingSteps.put(task.deploymentId(), current);
            }
        }
        boolean interrupted = shielded && Thread.interrupted();
        try {
            commandGateway.get().sendAndWait(asCommandMessage(command).andMetaData(engineMetaData(task)));
        } finally {
            if (shielded) {
                synchronized (runningSteps) {
                    storingSteps.remove(task.deploymentId(), current);
                    // Once the outcome is stored, the saga may start the deployment's next step on another thread.
                    // That thread then owns the entries, and this one must not overwrite or remove them.
                    boolean owner = !storingSteps.containsKey(task.deploymentId())
                            && runningSteps.putIfAbsent(task.deploymentId(), current) == null;
                    if (interrupted || closing || (owner && cancelledSteps.contains(task.deploymentId()))) {
                        current.interrupt();
                    }
                }
            }
        }
    }

    private MetaData engineMetaData(DeploymentTask task) {
        MetaData metaData = task.requestContext().toMetaData().and(RequestContext.ENGINE_ORIGIN, "true");
        return nodeId == null ? metaData : metaData.and(NODE_ID, nodeId);
    }

    /** Sends a step's outcome; when the deployment no longer accepts it, undoes what the step created. */
    private void send(DeploymentTask task, Object command, Runnable undo) {
        try {
            send(task, command);
        } catch (StepTakenOverException e) {
            // The node that runs the step again creates the same container name and image tag, so removing them
            // here could remove that node's. Image retention and the orphan removal at start remove what stays unused.
            log.warn("deployment [{}] step outcome rejected, so what the step created stays: {}", task.deploymentId(),
                    e.getMessage());
        } catch (StepOutOfOrderException e) {
            log.warn("deployment [{}] ended while a step ran; removing what the step created", task.deploymentId());
            undo.run();
        }
    }

    /**
     * Deletes a deployment's work directory once no step of the deployment runs. A cancel or a deletion ends the
     * deployment while its step may still write there, such as a CHECK_OUT that is still writing files, and
     * deleting under it would fail with {@code DirectoryNotEmptyException} or leave the files it writes later.
     */
    private void deleteWorkDirectory(DeploymentId deploymentId) throws IOException {
        if (!awaitStepEnded(deploymentId, STEP_END_WAIT)) {
            String waited = Thread.currentThread().isInterrupted() ? "the wait for it was interrupted"
                    : "it still runs after " + STEP_END_WAIT.toSeconds() + " s";
            log.warn("deployment [{}] step has not ended ({}), so its work directory is deleted while the step may"
                    + " still write in it", deploymentId, waited);
        }
        deleteRecursively(workDirectory.resolve(deploymentId.toString()));
    }

    /**
     * Waits until no step of the deployment runs or stores its outcome, and returns whether that happened within
     * {@code limit}. Returns true at once on the step's own thread, which would otherwise wait for itself. An
     * interrupt ends the wait early and stays set.
     */
    private boolean awaitStepEnded(DeploymentId deploymentId, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (runningSteps) {
            while (true) {
                Thread running = runningSteps.get(deploymentId);
                if (running == Thread.currentThread()
                        || (running == null && !storingSteps.containsKey(deploymentId))) {
                    return true;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(runningSteps, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    private void deleteQuietly(DeploymentTask task) {
        try {
            deleteRecursively(workDirectory.resolve(task.deploymentId().toString()));
        } catch (IOException e) {
            log.warn("deployment [{}] unable to delete its work directory: {}", task.deploymentId(), e.getMessage());
        }
    }

    /** Returns the name of a deployment's container: the application name and the start of the deployment id. */
    static String containerName(ApplicationName name, DeploymentId deploymentId) {
        return name + "-" + deploymentId.toString().substring(0, 8);
    }

    private void checkContainerNameFree(String containerName) {
        if (containers.containerExists(containerName)) {
            throw new StepFailedException("Container name '" + containerName + "' is already used by a container"
                    + " that this deployment did not create. Remove or rename that container on the Docker host,"
                    + " then deploy again.");
        }
    }

    private void checkHostPortsFree(DeploymentTask task, RuntimeSpec runtime) {
        for (PortMapping mapping : runtime.ports()) {
            Optional<String> publisher = containers.findPortPublisher(mapping, task.applicationId());
            if (publisher.isPresent()) {
                throw new StepFailedException("Host port " + mapping.hostAddress() + ":" + mapping.hostPort()
                        + " is already published by container '" + publisher.get() + "', which does not belong to"
                        + " this application. Choose another host port in the application's ports, or stop that"
                        + " container, then deploy again.");
            }
        }
    }

    private Path checkoutDirectory(DeploymentTask task) {
        return workDirectory.resolve(task.deploymentId().toString()).resolve("source");
    }

    private static Path locate(Path base, String relative, String field, CommitSha commit) throws IOException {
        try {
            return new dev.slipway.core.spec.CheckoutPath(relative).resolveInside(base);
        } catch (NoSuchFileException e) {
            throw new StepFailedException(("dockerfile".equals(field) ? "Dockerfile" : "Build context") + " '"
                    + relative + "' not found at commit " + commit.abbreviated() + ". Check the " + field
                    + " setting of the application and that the file is committed.");
        }
    }

    private String lastLines(String containerId) {
        try {
            var lines = containers.tailLogs(containerId, LOG_LINES_IN_REASON);
            return lines.isEmpty() ? "" : " Last container output:\n" + String.join("\n", lines) + "\n";
        } catch (SlipwayException e) {
            return "";
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path entry : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        }
    }

    /**
     * Stops the worker pool. Running steps are interrupted at once and queued steps do not start. Bookkeeping, such
     * as recording a release or admitting the next deployment, is not interrupted. The pool has {@link #CLOSE_GRACE}
     * to end all of that; what still runs then is interrupted. An interrupted step that stops within that time
     * records its deployment as failed.
     * NOTE: the closing pool takes no clean-up work, so such a deployment stays its application's lane holder, and
     * what it started stays, until the next start removes both.
     */
    @Override
    public void close() {
        closing = true;
        synchronized (runningSteps) {
            runningSteps.values().forEach(Thread::interrupt);
        }
        workers.shutdown();
        try {
            if (workers.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            log.warn("engine closing: deployment work still runs after {} ms and is interrupted",
                    CLOSE_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Counts build output and logs progress, so a long build shows that it is alive. */
    private static final class ProgressLog implements LogSink {

        private final DeploymentTask task;
        private int lines;

        ProgressLog(DeploymentTask task) {
            this.task = task;
        }

        @Override
        public void line(String line) {
            lines++;
            if (lines % 50 == 0) {
                log.info("deployment [{}] step [BUILD_IMAGE] {} lines of build output so far", task.deploymentId(),
                        lines);
            }
        }
    }

    /** Domains and the container port they were routed to. */
    private record Route(List<DomainName> domains, int containerPort) {
    }
}
