package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.LocalDirectorySSLConfig;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.LogSink;
import dev.slipway.core.runtime.ManagedObject;
import dev.slipway.core.runtime.ProbeResult;
import dev.slipway.core.runtime.RunningContainer;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.PortMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Implements {@link ContainerRuntime} on the Docker Engine API through docker-java.
 *
 * <p>Every container runs with all capabilities dropped, {@code no-new-privileges}, a private IPC namespace,
 * {@code docker-init} as process 1, the request's memory, CPU and process limits (swap limited to the memory
 * limit), on its application's own bridge network, as a non-root user, with its port published only on the
 * configured bind address. Every object it creates, starts, stops or removes is logged on
 * {@code dev.slipway.docker.changes}.
 *
 * <p>Failure messages may end with the last lines of build or container output. Those lines come from the user's
 * code and are not masked here.
 */
public final class DockerContainerRuntime implements ContainerRuntime, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockerContainerRuntime.class);

    private final DockerRuntimeSettings settings;
    private final DockerClient api;
    private final DockerClient streaming;
    private final DockerFailures failures;
    private final ImageBuilder images;
    private final ApplicationNetworks networks;
    private final ContainerLauncher launcher;
    private final OwnObjects ownObjects;
    private final HttpProbe prober = new HttpProbe();
    private final ImageRetention retention;
    private final ContainerLogFollower followers;
    /** Network creations that builds started, by application id, until a container start or removal awaits them. */
    private final Map<String, Future<String>> networkCreations = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "slipway-docker-network");
        thread.setDaemon(true);
        return thread;
    });

    /** Creates a runtime for the Docker engine the settings name. Connects on first use, not here. */
    public DockerContainerRuntime(DockerRuntimeSettings settings) {
        this.settings = settings;
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.dockerHost().toString())
                .withDockerTlsVerify(settings.tlsCertificates() != null)
                .withDockerCertPath(settings.tlsCertificates() == null ? null : settings.tlsCertificates().toString())
                .build();
        this.api = client(config, settings, settings.responseTimeout());
        // Builds and log streams may stay silent longer than an API call may take; their callers bound them.
        this.streaming = client(config, settings, null);
        this.failures = new DockerFailures(settings.dockerHost());
        ImageUsers imageUsers = new ImageUsers();
        this.images = new ImageBuilder(api, streaming, failures, settings.buildTimeout(), imageUsers);
        this.networks = new ApplicationNetworks(api, failures, settings.engineId());
        this.ownObjects = new OwnObjects(api, failures, settings.engineId());
        this.launcher = new ContainerLauncher(api, failures, settings, this::tailLogs, imageUsers);
        this.retention = new ImageRetention(api, failures);
        this.followers = new ContainerLogFollower(streaming, failures);
    }

    private static DockerClient client(DockerClientConfig config, DockerRuntimeSettings settings,
                                       Duration responseTimeout) {
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(settings.dockerHost())
                .sslConfig(settings.tlsCertificates() == null ? null
                        : new LocalDirectorySSLConfig(settings.tlsCertificates().toString()))
                .connectionTimeout(settings.connectTimeout())
                .responseTimeout(responseTimeout)
                .maxConnections(20)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Returns the settings this runtime was created with. */
    public DockerRuntimeSettings settings() {
        return settings;
    }

    /**
     * Creates a router for the reverse proxy of this runtime's engine id on the same Docker engine. The proxy
     * container is created on the first route, not here. Routers that share an engine id share one proxy, so an
     * engine needs one router.
     */
    public CaddyTrafficRouter trafficRouter(ProxySettings proxy) {
        return new CaddyTrafficRouter(api, failures, settings, proxy, this::tailLogs);
    }

    /**
     * {@inheritDoc}
     * <p>
     * When the labels name an application, it also starts creating the application's network, because starting the
     * container needs it next. The creation goes on while the image builds and while the deployment hands over to
     * the container start. {@link #ensureNetwork} and {@link #removeNetwork} wait for it to end first, so a removal
     * never races it. A failure to create the network is logged and {@link #ensureNetwork} tries again.
     */
    @Override
    public String build(BuildRequest request, LogSink output) {
        String application = request.labels().get(EngineLabels.APPLICATION);
        if (application != null) {
            networkCreations.compute(application, (key, running) -> running != null && !running.isDone() ? running
                    : background.submit(() -> networks.ensure(ApplicationId.of(key))));
        }
        return images.build(new BuildRequest(request.contextDirectory(), request.dockerfile(), request.imageTag(),
                ownObjects.withEngineLabel(request.labels()), request.buildArguments()), output);
    }

    /**
     * Waits for the network creation that a build started for the application, if any, and returns the network's
     * name when it succeeded, else null.
     */
    private String awaitNetworkCreation(ApplicationId application) {
        Future<String> creation = networkCreations.remove(application.toString());
        if (creation == null) {
            return null;
        }
        try {
            return creation.get();
        } catch (InterruptedException e) {
            creation.cancel(true);
            Thread.currentThread().interrupt();
            throw new StepFailedException("Unable to create the network of application '" + application
                    + "': interrupted while waiting for its creation. Deploy again.", e);
        } catch (ExecutionException e) {
            LOG.warn("application [{}] network not created during the image build; trying again: {}", application,
                    e.getCause() instanceof RuntimeException cause ? DockerFailures.reason(cause)
                            : String.valueOf(e.getCause()));
            return null;
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * After a build for the application created the network, it returns the network's name without asking Docker
     * again.
     */
    @Override
    public String ensureNetwork(ApplicationId application) {
        String created = awaitNetworkCreation(application);
        return created != null ? created : networks.ensure(application);
    }

    @Override
    public RunningContainer start(ContainerRequest request) {
        return launcher.start(new ContainerRequest(request.name(), request.image(), request.network(),
                request.containerPort(), request.environment(), request.limits(),
                ownObjects.withEngineLabel(request.labels()), request.ports(), request.volumes(),
                request.capabilities(), request.readOnlyRootFilesystem(), request.secretFiles()));
    }

    /** Returns true for a Unix socket or TCP to a loopback address. */
    @Override
    public boolean isLocal() {
        return settings.isLocalHost();
    }

    /**
     * {@inheritDoc}
     * <p>
     * After a probe that fails, it inspects the container and throws {@link StepFailedException} with the exit code
     * and the last lines of output when the container has stopped.
     */
    @Override
    public ProbeResult probe(RunningContainer container, HttpHealthCheck check) {
        ProbeResult result = prober.probe(container, check);
        if (!result.healthy()) {
            launcher.requireRunning(container);
        }
        return result;
    }

    @Override
    public AutoCloseable followLogs(String containerId, LogSink output) {
        return followers.follow(containerId, output);
    }

    @Override
    public List<String> tailLogs(String containerId, int lines) {
        OutputLines output = new OutputLines(LogSink.DISCARD, Math.max(lines, 0));
        StreamCallback<Frame> callback = new StreamCallback<>() {
            @Override
            public void onNext(Frame frame) {
                output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        };
        try {
            streaming.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(Math.max(lines, 0))
                    .withFollowStream(false).exec(callback);
            callback.awaitCompletion(settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (callback.error() != null) {
                throw callback.error();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            throw failures.failure("read the output of container '" + containerId + "'", e,
                    "Check that the container exists.");
        }
        output.finish();
        return output.tail();
    }

    @Override
    public void removeContainer(String containerIdOrName) {
        InspectContainerResponse container;
        try {
            container = api.inspectContainerCmd(containerIdOrName).exec();
        } catch (NotFoundException e) {
            LOG.debug("container [{}] is already gone", containerIdOrName);
            return;
        } catch (RuntimeException e) {
            throw failures.failure("remove container '" + containerIdOrName + "'", e, "Remove it again later.");
        }
        Map<String, String> labels = labels(container);
        requireManaged("remove", "container", containerIdOrName, labels);
        String id = container.getId();
        String name = container.getName() == null ? containerIdOrName : container.getName().replaceFirst("^/", "");
        try {
            int stopSeconds = (int) Math.max(1, settings.stopTimeout().toSeconds());
            api.stopContainerCmd(id).withTimeout(stopSeconds).exec();
            ChangeLog.record("stopped", "container", id, name, labels);
        } catch (NotModifiedException e) {
            LOG.debug("container [{}] was already stopped", name);
        } catch (NotFoundException e) {
            return;
        } catch (RuntimeException e) {
            LOG.warn("container [{}] id [{}] did not stop cleanly, removing it by force: {}", name, id,
                    DockerFailures.reason(e));
        }
        try {
            api.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            ChangeLog.record("removed", "container", id, name, labels);
        } catch (NotFoundException e) {
            LOG.debug("container [{}] was removed concurrently", name);
        } catch (ConflictException e) {
            // Docker returns 409 when a removal of the same container is already in progress.
            LOG.info("container [{}] is already being removed: {}", name, DockerFailures.reason(e));
        } catch (RuntimeException e) {
            throw failures.failure("remove container '" + name + "'", e, "Remove it again later.");
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * The proxy container of {@link #trafficRouter} is never listed, because no release owns it. With the engine id
     * {@code default} it lists nothing, so orphan removal stays off: every engine that sets no id
     * shares that one, and each would remove the others' objects as orphans. Set {@code slipway.engine-id} to a value
     * that only this engine, or cluster of engine nodes on one event store, uses to switch it on.
     */
    @Override
    public List<ManagedObject> listOwnObjects() {
        if (EngineLabels.DEFAULT_ENGINE_ID.equals(settings.engineId())) {
            return List.of();
        }
        return ownObjects.list();
    }

    @Override
    public Optional<String> findPortPublisher(PortMapping mapping, ApplicationId application) {
        List<Container> running;
        try {
            running = api.listContainersCmd().exec();
        } catch (RuntimeException e) {
            throw failures.failure("list containers", e, "Check the Docker engine.");
        }
        for (Container container : running) {
            Map<String, String> labels = container.getLabels() == null ? Map.of() : container.getLabels();
            if (application.toString().equals(labels.get(EngineLabels.APPLICATION))) {
                continue;
            }
            for (ContainerPort published : container.getPorts() == null ? new ContainerPort[0]
                    : container.getPorts()) {
                if (Integer.valueOf(mapping.hostPort()).equals(published.getPublicPort())
                        && ContainerLauncher.sameHostAddress(mapping.hostAddress(), published.getIp())) {
                    return Optional.of(container.getNames() == null || container.getNames().length == 0
                            ? container.getId() : container.getNames()[0].replaceFirst("^/", ""));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void stopContainer(String containerIdOrName) {
        InspectContainerResponse container;
        try {
            container = api.inspectContainerCmd(containerIdOrName).exec();
        } catch (NotFoundException e) {
            LOG.debug("container [{}] is already gone", containerIdOrName);
            return;
        } catch (RuntimeException e) {
            throw failures.failure("stop container '" + containerIdOrName + "'", e, "Stop it again later.");
        }
        Map<String, String> labels = labels(container);
        requireManaged("stop", "container", containerIdOrName, labels);
        String name = container.getName() == null ? containerIdOrName : container.getName().replaceFirst("^/", "");
        try {
            int stopSeconds = (int) Math.max(1, settings.stopTimeout().toSeconds());
            api.stopContainerCmd(container.getId()).withTimeout(stopSeconds).exec();
            ChangeLog.record("stopped", "container", container.getId(), name, labels);
        } catch (NotModifiedException | NotFoundException e) {
            LOG.debug("container [{}] was already stopped or gone", name);
        } catch (RuntimeException e) {
            throw failures.failure("stop container '" + name + "'", e, "Stop it again later.");
        }
    }

    @Override
    public void restartContainer(String containerIdOrName) {
        InspectContainerResponse container;
        try {
            container = api.inspectContainerCmd(containerIdOrName).exec();
        } catch (RuntimeException e) {
            throw failures.failure("start container '" + containerIdOrName + "' again", e,
                    "Deploy the application again to bring up a new container.");
        }
        Map<String, String> labels = labels(container);
        requireManaged("start", "container", containerIdOrName, labels);
        String name = container.getName() == null ? containerIdOrName : container.getName().replaceFirst("^/", "");
        try {
            api.startContainerCmd(container.getId()).exec();
            ChangeLog.record("started", "container", container.getId(), name, labels);
        } catch (NotModifiedException e) {
            LOG.debug("container [{}] already runs", name);
        } catch (RuntimeException e) {
            throw failures.failure("start container '" + name + "' again", e,
                    "Deploy the application again to bring up a new container.");
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * Given a tag, Docker removes the tag and deletes the image only when no other tag references it. Given an id,
     * Docker rejects the removal of an image with several tags, so the image stays.
     */
    @Override
    public void removeImage(String imageIdOrTag) {
        InspectImageResponse image;
        try {
            image = api.inspectImageCmd(imageIdOrTag).exec();
        } catch (NotFoundException e) {
            LOG.debug("image [{}] is already gone", imageIdOrTag);
            return;
        } catch (RuntimeException e) {
            throw failures.failure("remove image '" + imageIdOrTag + "'", e, "Remove it again later.");
        }
        Map<String, String> labels = image.getConfig() == null || image.getConfig().getLabels() == null ? Map.of()
                : image.getConfig().getLabels();
        // A build cut off between the steps that add the engine's labels leaves an untagged image with the engine
        // id but without the managed label.
        boolean ownUntagged = ImageTags.of(image.getRepoTags() == null ? null
                : image.getRepoTags().toArray(String[]::new)).isEmpty()
                && settings.engineId().equals(labels.get(EngineLabels.ENGINE));
        if (!ownUntagged) {
            requireManaged("remove", "image", imageIdOrTag, labels);
        }
        try {
            api.removeImageCmd(imageIdOrTag).withForce(false).withNoPrune(false).exec();
            ChangeLog.record("removed", "image", image.getId(), imageIdOrTag, ImageTags.labels(imageIdOrTag, labels));
        } catch (ConflictException e) {
            LOG.info("image [{}] id [{}] kept because a container uses it or other tags reference it: {}",
                    imageIdOrTag, image.getId(), DockerFailures.reason(e));
        } catch (RuntimeException e) {
            if (!DockerFailures.isGone(e)) {
                throw failures.failure("remove image '" + imageIdOrTag + "'", e, "Remove it again later.");
            }
            LOG.debug("image [{}] was removed concurrently", imageIdOrTag);
        }
    }

    @Override
    public List<String> removeImagesExcept(ApplicationId application, Set<String> keep) {
        return retention.removeExcept(application, keep);
    }

    @Override
    public void removeNetwork(ApplicationId application) {
        try {
            awaitNetworkCreation(application);
        } catch (StepFailedException e) {
            LOG.warn("application [{}] network creation not awaited before its removal: {}", application,
                    e.getMessage());
        }
        networks.remove(application);
    }

    @Override
    public boolean containerExists(String containerIdOrName) {
        try {
            api.inspectContainerCmd(containerIdOrName).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw failures.failure("look up container '" + containerIdOrName + "'", e, "Check the Docker engine.");
        }
    }

    @Override
    public boolean imageExists(String imageIdOrTag) {
        try {
            api.inspectImageCmd(imageIdOrTag).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw failures.failure("look up image '" + imageIdOrTag + "'", e, "Check the Docker engine.");
        }
    }

    /**
     * Waits up to the response timeout for network creations that builds started, then closes the connections to
     * the Docker engine.
     */
    @Override
    public void close() throws IOException {
        background.shutdown();
        try {
            if (!background.awaitTermination(settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                background.shutdownNow();
            }
        } catch (InterruptedException e) {
            background.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            api.close();
        } finally {
            streaming.close();
        }
    }

    private static Map<String, String> labels(InspectContainerResponse container) {
        if (container.getConfig() == null || container.getConfig().getLabels() == null) {
            return Map.of();
        }
        return container.getConfig().getLabels();
    }

    /** Throws unless the engine created the object, so that a name clash never removes a user's object. */
    private static void requireManaged(String action, String kind, String idOrName, Map<String, String> labels) {
        if (!"true".equals(labels.get(EngineLabels.MANAGED))) {
            throw new StepFailedException("Unable to " + action + " " + kind + " '" + idOrName + "': it was not"
                    + " created by Slipway (label " + EngineLabels.MANAGED + "=true is missing), so it was left in"
                    + " place. Remove it yourself if it is no longer needed.");
        }
    }
}
