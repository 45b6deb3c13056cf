package dev.slipway.benchmarks.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.deployment.IdempotencyKey;
import dev.slipway.core.deployment.StepView;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.docker.DockerContainerRuntime;
import dev.slipway.docker.DockerRuntimeSettings;
import dev.slipway.git.JGitSourceRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment lifecycle against the real Docker engine and a real Git repository: idempotent requests, the
 * per-application queue, cancel, health checks and checks before the running release is touched.
 */
class DeploymentLifecycleTest {

    private static final RequestContext ALICE = RequestContext.of(Caller.user("alice"), "192.0.2.10");
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(2);
    private static final int SLOW_BUILD_SECONDS = 60;

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> applications = new ArrayList<>();
    private final List<String> foreignContainers = new ArrayList<>();
    private DockerClient docker;
    private DockerContainerRuntime runtime;
    private DeploymentEngine engine;
    private RepositoryUrl repository;

    @BeforeEach
    void startEngine() throws Exception {
        docker = LocalDocker.connect();
        repository = RepositoryUrl.parse("file://" + SampleRepository.create(temp, SLOW_BUILD_SECONDS));
        runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
        engine = DeploymentEngine.builder()
                .sourceRepository(new JGitSourceRepository())
                .containerRuntime(runtime)
                .settings(EngineSettings.defaults(temp.resolve("work")).withSourcePolicy(new SourcePolicy(false, true)))
                .masterKey(MasterKey.generate())
                .build()
                .start();
    }

    @AfterEach
    void removeEverything() throws Exception {
        engine.close();
        runtime.close();
        for (String name : foreignContainers) {
            LocalDocker.removeContainer(docker, name);
        }
        for (String application : applications) {
            LocalDocker.removeApplication(docker, application);
        }
        docker.close();
    }

    @Test
    void sameKeyTwentyTimesGivesOneDeployment() throws Exception {
        ApplicationId app = createApplication(HttpHealthCheck.of("/health"));
        IdempotencyKey key = new IdempotencyKey("release-2026-12-04");
        CountDownLatch ready = new CountDownLatch(20);
        ExecutorService callers = Executors.newFixedThreadPool(20);
        List<Future<DeploymentId>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Callable<DeploymentId> request = () -> {
                    ready.countDown();
                    ready.await();
                    return engine.requestDeployment(ALICE, app, null, key);
                };
                answers.add(callers.submit(request));
            }
            Set<DeploymentId> ids = new HashSet<>();
            for (Future<DeploymentId> answer : answers) {
                ids.add(answer.get());
            }

            assertThat(ids).hasSize(1);
            DeploymentView view = awaitEnd(ids.iterator().next());
            assertThat(view.status()).as(view.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
            assertThat(engine.findDeployments(app)).hasSize(1);
            assertThat(LocalDocker.containers(docker, EngineLabels.APPLICATION, app.toString())).hasSize(1);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void secondDeploymentWaitsForFirst() throws Exception {
        ApplicationId app = createApplication(HttpHealthCheck.of("/health"));
        DeploymentId first = engine.requestDeployment(ALICE, app, new GitRef("slow"));
        awaitStep(first, DeploymentStep.CHECK_OUT);

        DeploymentId second = engine.requestDeployment(ALICE, app, null);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.findDeployment(second).map(DeploymentView::status).orElse(null),
                        status -> status == DeploymentStatus.QUEUED);
        assertThat(engine.findDeployment(first).orElseThrow().status()).isEqualTo(DeploymentStatus.RUNNING);
        engine.cancelDeployment(ALICE, first);
        DeploymentView firstView = awaitEnd(first);
        DeploymentView secondView = awaitEnd(second);
        assertThat(firstView.status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(secondView.status()).as(secondView.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        StepView secondFirstStep = secondView.steps().get(0);
        assertThat(secondFirstStep.at()).isAfterOrEqualTo(firstView.finishedAt());
        assertThat(get(secondView.url() + "/")).isEqualTo(200);
    }

    @Test
    void cancelWhileQueuedLeavesQueue() throws Exception {
        ApplicationId app = createApplication(HttpHealthCheck.of("/health"));
        DeploymentId first = engine.requestDeployment(ALICE, app, new GitRef("slow"));
        awaitStep(first, DeploymentStep.CHECK_OUT);
        DeploymentId cancelled = engine.requestDeployment(ALICE, app, null);
        DeploymentId third = engine.requestDeployment(ALICE, app, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.findDeployment(third)
                .map(DeploymentView::status).orElse(null), status -> status == DeploymentStatus.QUEUED);
        assertThat(engine.findDeployment(third).orElseThrow().reason()).contains("position 2");

        engine.cancelDeployment(ALICE, cancelled);
        engine.cancelDeployment(ALICE, first);

        DeploymentView cancelledView = awaitEnd(cancelled);
        DeploymentView thirdView = awaitEnd(third);
        assertThat(cancelledView.status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(cancelledView.failedStep()).isNull();
        assertThat(cancelledView.steps()).isEmpty();
        assertThat(thirdView.status()).as(thirdView.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(get(thirdView.url() + "/")).isEqualTo(200);
    }

    @Test
    void queuedDeploymentReplacesLatestRelease() throws Exception {
        ApplicationId app = createApplication(HttpHealthCheck.of("/health"));
        DeploymentId first = engine.requestDeployment(ALICE, app, null);
        DeploymentId second = engine.requestDeployment(ALICE, app, null);

        DeploymentView firstView = awaitEnd(first);
        DeploymentView secondView = awaitEnd(second);

        assertThat(firstView.status()).as(firstView.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(secondView.status()).as(secondView.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(secondView.steps()).extracting(StepView::step).contains(DeploymentStep.STOP_PREVIOUS);
        assertThat(secondView.steps().get(0).at()).isAfterOrEqualTo(firstView.finishedAt());
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.findApplication(app).orElseThrow()
                .currentDeploymentId(), second.toString()::equals);
        assertThat(LocalDocker.containers(docker, EngineLabels.APPLICATION, app.toString()))
                .extracting(container -> container.getLabels().get(EngineLabels.DEPLOYMENT))
                .containsExactly(second.toString());
    }

    @Test
    void cancelDuringBuildKeepsPreviousRelease() throws Exception {
        ApplicationId app = createApplication(HttpHealthCheck.of("/health"));
        DeploymentView previous = awaitEnd(engine.requestDeployment(ALICE, app, null));
        assertThat(previous.status()).as(previous.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        DeploymentId building = engine.requestDeployment(ALICE, app, new GitRef("slow"));
        awaitStep(building, DeploymentStep.CHECK_OUT);
        await().atMost(Duration.ofSeconds(20)).until(() -> !sleepingBuildContainers().isEmpty());

        engine.cancelDeployment(ALICE, building);

        DeploymentView cancelled = awaitEnd(building);
        assertThat(cancelled.status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(cancelled.failedStep()).isEqualTo(DeploymentStep.BUILD_IMAGE);
        assertThat(cancelled.reason()).contains("user:alice").contains("BUILD_IMAGE");
        await().atMost(Duration.ofSeconds(20)).until(() -> sleepingBuildContainers().isEmpty());
        // Images carry no deployment label; the tag names the deployment.
        assertThat(docker.listImagesCmd().withReferenceFilter(EngineLabels.imageTag(app, building)).exec())
                .isEmpty();
        assertThat(get(previous.url() + "/health")).isEqualTo(200);
        assertThat(engine.findApplication(app).orElseThrow().currentDeploymentId()).isEqualTo(previous.id());
    }

    @Test
    void failingHealthCheckKeepsPreviousRelease() throws Exception {
        ApplicationId app = createApplication(new HttpHealthCheck("/health", 200, Duration.ofMillis(200),
                Duration.ofSeconds(1), 4));
        DeploymentView previous = awaitEnd(engine.requestDeployment(ALICE, app, null));
        assertThat(previous.status()).as(previous.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);

        DeploymentView failed = awaitEnd(engine.requestDeployment(ALICE, app, new GitRef("unhealthy")));

        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.failedStep()).isEqualTo(DeploymentStep.HEALTH_CHECK);
        assertThat(failed.reason()).contains("last probe").contains("404");
        assertThat(get(previous.url() + "/health")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> LocalDocker.containers(docker, EngineLabels.DEPLOYMENT,
                failed.id()).isEmpty());
    }

    @Test
    void exitingContainerFailsWithExitCode() throws Exception {
        // Retries and a start period that would keep probing for minutes if the exit went unnoticed.
        ApplicationId app = createApplication(new HttpHealthCheck("/health", 200, Duration.ofMillis(200),
                Duration.ofSeconds(1), 600, Duration.ofMinutes(5)));
        DeploymentView previous = awaitEnd(engine.requestDeployment(ALICE, app, null));
        assertThat(previous.status()).as(previous.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);

        DeploymentView failed = awaitEnd(engine.requestDeployment(ALICE, app, new GitRef("crash")));

        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        // The container may stop before the start step finds it running, or only during the first probes.
        assertThat(failed.failedStep()).isIn(DeploymentStep.START_CONTAINER, DeploymentStep.HEALTH_CHECK);
        assertThat(failed.reason()).contains("stopped before it passed its health check, with exit code 3.")
                .contains("Last container output:\n").contains("\nfatal: DATABASE_URL is not set");
        assertThat(get(previous.url() + "/health")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> LocalDocker.containers(docker, EngineLabels.DEPLOYMENT,
                failed.id()).isEmpty());
    }

    @Test
    void containerNameClashFailsInChecks() throws Exception {
        ApplicationId app = createApplication(HttpHealthCheck.of("/health"));
        DeploymentView previous = awaitEnd(engine.requestDeployment(ALICE, app, null));
        assertThat(previous.status()).as(previous.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        DeploymentId slow = engine.requestDeployment(ALICE, app, new GitRef("slow"));
        awaitStep(slow, DeploymentStep.CHECK_OUT);
        DeploymentId clashing = engine.requestDeployment(ALICE, app, null);
        String clashingName = previous.applicationName() + "-" + clashing.toString().substring(0, 8);
        foreignContainers.add(clashingName);
        docker.createContainerCmd("busybox:stable").withName(clashingName).withCmd("true").exec();
        engine.cancelDeployment(ALICE, slow);

        DeploymentView failed = awaitEnd(clashing);

        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.failedStep()).isEqualTo(DeploymentStep.RESOLVE_COMMIT);
        assertThat(failed.reason()).contains("'" + clashingName + "'").contains("did not create");
        assertThat(get(previous.url() + "/health")).isEqualTo(200);
        assertThat(LocalDocker.containers(docker, EngineLabels.DEPLOYMENT, clashing.toString())).isEmpty();
    }

    @Test
    void deploymentEventsCarryCaller() {
        ApplicationId app = createApplication(HttpHealthCheck.of("/health"));
        Set<String> eventsBefore = new HashSet<>();
        engine.findAuditEvents(null, 1000).forEach(entry -> eventsBefore.add(entry.eventId()));

        DeploymentView view = awaitEnd(engine.requestDeployment(ALICE, app, null));
        assertThat(view.status()).as(view.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.findAuditEvents(app.toString(), 100).stream()
                .anyMatch(entry -> "DeploymentLaneLeftEvent".equals(entry.eventType())));

        List<AuditEntry> entries = engine.findAuditEvents(null, 1000).stream()
                .filter(entry -> !eventsBefore.contains(entry.eventId()))
                .toList();
        assertThat(entries).extracting(AuditEntry::eventType).contains("DeploymentRequestedEvent",
                "CommitResolvedEvent", "SourceCheckedOutEvent", "ImageBuiltEvent", "ContainerStartedEvent",
                "HealthCheckPassedEvent", "DeploymentSucceededEvent", "ReleaseRecordedEvent",
                "DeploymentLaneLeftEvent");
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.actor()).as(entry.eventType()).isEqualTo("user:alice");
            assertThat(entry.clientAddress()).as(entry.eventType()).isEqualTo("192.0.2.10");
            assertThat(entry.correlationId()).as(entry.eventType()).isEqualTo(ALICE.correlationId());
        });
    }

    private ApplicationId createApplication(HttpHealthCheck check) {
        ApplicationId app = engine.createApplication(ALICE,
                new ApplicationName("lifecycle-" + Long.toHexString(System.nanoTime())),
                new SourceSpec(repository, new GitRef("main"), null, null), new RuntimeSpec(8080, check, null));
        applications.add(app.toString());
        return app;
    }

    /** Returns the running containers of builds that execute the slow branch's {@code RUN sleep} step. */
    private List<Container> sleepingBuildContainers() {
        return docker.listContainersCmd().exec().stream()
                .filter(container -> container.getCommand() != null
                        && container.getCommand().contains("sleep " + SLOW_BUILD_SECONDS))
                .toList();
    }

    private void awaitStep(DeploymentId deployment, DeploymentStep step) {
        await().atMost(DEPLOY_TIMEOUT).until(() -> engine.findDeployment(deployment)
                .map(view -> view.steps().stream().anyMatch(done -> done.step() == step) || view.status().isFinal())
                .orElse(false));
        assertThat(engine.findDeployment(deployment).orElseThrow().status()).isEqualTo(DeploymentStatus.RUNNING);
    }

    private DeploymentView awaitEnd(DeploymentId deployment) {
        await().atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> engine.findDeployment(deployment).map(view -> view.status().isFinal()).orElse(false));
        return engine.findDeployment(deployment).orElseThrow();
    }

    private int get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
