package dev.slipway.benchmarks.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.deployment.DeploymentSucceededEvent;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.deployment.HealthCheckPassedEvent;
import dev.slipway.core.deployment.IdempotencyKey;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.secret.InMemoryKeysetStore;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.PortMapping;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.docker.DockerContainerRuntime;
import dev.slipway.docker.DockerRuntimeSettings;
import dev.slipway.git.JGitSourceRepository;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's deployment lane and idempotency keys across an engine restart: a second engine on the event
 * store of the first, with the real Docker engine and a real Git repository.
 */
class DeploymentLaneRestartTest {

    private static final RequestContext ALICE = RequestContext.of(Caller.user("alice"), "192.0.2.10");
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(2);
    private static final int SLOW_BUILD_SECONDS = 60;

    @TempDir
    Path temp;

    private final InMemoryEventStorageEngine events = new InMemoryEventStorageEngine();
    private final InMemoryKeysetStore keysets = new InMemoryKeysetStore();
    private final MasterKey masterKey = MasterKey.generate();
    private final List<String> applications = new ArrayList<>();
    private DockerClient docker;
    private DockerContainerRuntime runtime;
    private RepositoryUrl repository;

    @BeforeEach
    void connect() throws Exception {
        docker = LocalDocker.connect();
        repository = RepositoryUrl.parse("file://" + SampleRepository.create(temp, SLOW_BUILD_SECONDS));
        runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
    }

    @AfterEach
    void removeEverything() throws Exception {
        runtime.close();
        for (String application : applications) {
            LocalDocker.removeApplication(docker, application);
        }
        docker.close();
    }

    @Test
    void sameKeyAfterRestartReturnsFirstDeployment() {
        IdempotencyKey key = new IdempotencyKey("release-after-restart");
        ApplicationId app;
        DeploymentId first;
        try (DeploymentEngine engine = engine()) {
            app = createApplication(engine);
            first = engine.requestDeployment(ALICE, app, null, key);
            DeploymentView view = awaitEnd(engine, first);
            assertThat(view.status()).as(view.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        }

        try (DeploymentEngine restarted = engine()) {
            DeploymentId repeated = restarted.requestDeployment(ALICE, app, null, key);

            assertThat(repeated).isEqualTo(first);
            assertThat(restarted.findDeployments(app)).extracting(DeploymentView::id)
                    .containsExactly(first.toString());
            assertThat(LocalDocker.containers(docker, EngineLabels.APPLICATION, app.toString()))
                    .extracting(container -> container.getLabels().get(EngineLabels.DEPLOYMENT))
                    .containsExactly(first.toString());
        }
    }

    @Test
    void restartEndsHeldLaneSoNextRequestRuns() {
        ApplicationId app;
        DeploymentId building;
        DeploymentId queued;
        try (DeploymentEngine engine = engine()) {
            app = createApplication(engine);
            building = engine.requestDeployment(ALICE, app, new GitRef("slow"));
            await().atMost(DEPLOY_TIMEOUT).until(() -> engine.findDeployment(building).orElseThrow().steps()
                    .stream().anyMatch(step -> step.step() == DeploymentStep.CHECK_OUT));
            queued = engine.requestDeployment(ALICE, app, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.findDeployment(queued).orElseThrow()
                    .status() == DeploymentStatus.QUEUED);
            assertThat(engine.findDeployment(queued).orElseThrow().reason()).contains("position 1")
                    .contains(building.toString());
        }

        try (DeploymentEngine restarted = engine()) {
            DeploymentView interrupted = restarted.findDeployment(building).orElseThrow();
            DeploymentView lost = restarted.findDeployment(queued).orElseThrow();
            assertThat(interrupted.status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(interrupted.reason()).contains("BUILD_IMAGE");
            // The builder keeps sagas in memory, so the queued deployment cannot run after the restart.
            assertThat(lost.status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(lost.reason()).contains("waited in the queue");

            DeploymentView next = awaitEnd(restarted, restarted.requestDeployment(ALICE, app, null));

            assertThat(next.status()).as(next.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        }
    }

    @Test
    void releaseAfterSuccessBeforeStopServes() throws Exception {
        ApplicationId app;
        DeploymentId deployed;
        try (DeploymentEngine engine = engine()) {
            app = createApplication(engine);
            deployed = engine.requestDeployment(ALICE, app, null);
            DeploymentView view = awaitEnd(engine, deployed);
            assertThat(view.status()).as(view.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        }
        // The store as an engine leaves it when it stops right after storing the deployment's success, before the
        // application records the release and admits its next deployment.
        InMemoryEventStorageEngine stoppedAfterSuccess = copyThrough(events,
                payload -> payload instanceof DeploymentSucceededEvent succeeded
                        && succeeded.deploymentId().equals(deployed));

        try (DeploymentEngine restarted = engine(stoppedAfterSuccess)) {
            ApplicationView application = restarted.findApplication(app).orElseThrow();
            assertThat(application.currentDeploymentId()).isEqualTo(deployed.toString());
            assertThat(LocalDocker.containers(docker, EngineLabels.APPLICATION, app.toString()))
                    .extracting(container -> container.getLabels().get(EngineLabels.DEPLOYMENT))
                    .containsExactly(deployed.toString());
            assertThat(get(application.url() + "/health")).isEqualTo(200);

            DeploymentId next = restarted.requestDeployment(ALICE, app, null);
            DeploymentView nextView = awaitEnd(restarted, next);

            assertThat(nextView.status()).as(nextView.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
            assertThat(LocalDocker.containers(docker, EngineLabels.APPLICATION, app.toString()))
                    .extracting(container -> container.getLabels().get(EngineLabels.DEPLOYMENT))
                    .containsExactly(next.toString());
        }
    }

    @Test
    void healthyDeploymentCompletesAfterRestart() throws Exception {
        ApplicationId app;
        DeploymentId second;
        try (DeploymentEngine engine = engine()) {
            app = createApplication(engine);
            DeploymentView first = awaitEnd(engine, engine.requestDeployment(ALICE, app, null));
            assertThat(first.status()).as(first.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
            second = engine.requestDeployment(ALICE, app, null);
            DeploymentView view = awaitEnd(engine, second);
            assertThat(view.status()).as(view.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        }
        // The store as an engine leaves it when it stops in STOP_PREVIOUS, after removing the first deployment's
        // container and before recording that: the second container passed its health check and is all that runs.
        DeploymentId healthy = second;
        InMemoryEventStorageEngine stoppedInStopPrevious = copyThrough(events,
                payload -> payload instanceof HealthCheckPassedEvent passed && passed.deploymentId().equals(healthy));

        try (DeploymentEngine restarted = engine(stoppedInStopPrevious)) {
            DeploymentView completed = restarted.findDeployment(second).orElseThrow();
            ApplicationView application = restarted.findApplication(app).orElseThrow();

            assertThat(completed.status()).as(completed.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
            assertThat(application.currentDeploymentId()).isEqualTo(second.toString());
            assertThat(LocalDocker.containers(docker, EngineLabels.APPLICATION, app.toString()))
                    .extracting(container -> container.getLabels().get(EngineLabels.DEPLOYMENT))
                    .containsExactly(second.toString());
            assertThat(get(application.url() + "/health")).isEqualTo(200);
            DeploymentView next = awaitEnd(restarted, restarted.requestDeployment(ALICE, app, null));
            assertThat(next.status()).as(next.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        }
    }

    @Test
    void restartStartsContainerStoppedForFixedPort() throws Exception {
        int hostPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            hostPort = probe.getLocalPort();
        }
        RuntimeSpec fixedPort = new RuntimeSpec(8080, new HttpHealthCheck("/health", 200, Duration.ofMillis(200),
                Duration.ofSeconds(1), 150), null, List.of(new PortMapping(PortMapping.LOOPBACK, hostPort, 8080)),
                null, null, null, false);
        ApplicationId app;
        DeploymentView first;
        DeploymentId unhealthy;
        try (DeploymentEngine engine = engine()) {
            app = createApplication(engine, fixedPort);
            first = awaitEnd(engine, engine.requestDeployment(ALICE, app, null));
            assertThat(first.status()).as(first.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
            unhealthy = engine.requestDeployment(ALICE, app, new GitRef("unhealthy"));
            await().atMost(DEPLOY_TIMEOUT).until(() -> engine.findDeployment(unhealthy).orElseThrow().steps()
                    .stream().anyMatch(step -> step.step() == DeploymentStep.START_CONTAINER));
        }
        // The engine stopped during the health check, after it had stopped the first container to free the port.
        assertThat(isRunning(first.containerId())).isFalse();

        try (DeploymentEngine restarted = engine()) {
            assertThat(restarted.findDeployment(unhealthy).orElseThrow().status())
                    .isEqualTo(DeploymentStatus.FAILED);
            assertThat(isRunning(first.containerId())).isTrue();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> get("http://127.0.0.1:" + hostPort + "/health") == 200);
            assertThat(LocalDocker.containers(docker, EngineLabels.APPLICATION, app.toString()))
                    .extracting(container -> container.getLabels().get(EngineLabels.DEPLOYMENT))
                    .containsExactly(first.id());
        }
    }

    private boolean isRunning(String containerId) {
        return Boolean.TRUE.equals(docker.inspectContainerCmd(containerId).exec().getState().getRunning());
    }

    private static int get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Returns a store with the events of {@code source} up to and including the first that {@code last} accepts. */
    private static InMemoryEventStorageEngine copyThrough(InMemoryEventStorageEngine source, Predicate<Object> last) {
        List<EventMessage<?>> prefix = new ArrayList<>();
        for (TrackedEventMessage<?> event : source.readEvents(null, false).toList()) {
            prefix.add(event);
            if (last.test(event.getPayload())) {
                InMemoryEventStorageEngine copy = new InMemoryEventStorageEngine();
                copy.appendEvents(prefix);
                return copy;
            }
        }
        throw new AssertionError("No such event in the event store");
    }

    private DeploymentEngine engine() {
        return engine(events);
    }

    private DeploymentEngine engine(InMemoryEventStorageEngine store) {
        return DeploymentEngine.builder()
                .sourceRepository(new JGitSourceRepository())
                .containerRuntime(runtime)
                .eventStorageEngine(store)
                .settings(EngineSettings.defaults(temp.resolve("work")).withSourcePolicy(new SourcePolicy(false, true)))
                .masterKey(masterKey)
                .keysetStore(keysets)
                .build()
                .start();
    }

    private ApplicationId createApplication(DeploymentEngine engine) {
        return createApplication(engine, new RuntimeSpec(8080, HttpHealthCheck.of("/health"), null));
    }

    private ApplicationId createApplication(DeploymentEngine engine, RuntimeSpec runtimeSpec) {
        ApplicationId app = engine.createApplication(ALICE,
                new ApplicationName("lane-" + Long.toHexString(System.nanoTime())),
                new SourceSpec(repository, new GitRef("main"), null, null), runtimeSpec);
        applications.add(app.toString());
        return app;
    }

    private static DeploymentView awaitEnd(DeploymentEngine engine, DeploymentId deployment) {
        await().atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> engine.findDeployment(deployment).map(view -> view.status().isFinal()).orElse(false));
        return engine.findDeployment(deployment).orElseThrow();
    }
}
