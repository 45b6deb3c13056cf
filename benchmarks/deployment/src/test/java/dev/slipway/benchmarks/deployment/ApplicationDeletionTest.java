package dev.slipway.benchmarks.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting an application removes what its deployments run on the real Docker engine: its containers, image tags and
 * network, and a deployment still running is cancelled first.
 */
class ApplicationDeletionTest {

    private static final RequestContext ALICE = RequestContext.of(Caller.user("alice"), "192.0.2.10");
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(2);
    private static final int SLOW_BUILD_SECONDS = 60;

    @TempDir
    Path temp;

    private final List<String> applications = new ArrayList<>();
    private DockerClient docker;
    private DockerContainerRuntime runtime;
    private DeploymentEngine engine;
    private RepositoryUrl repository;

    @BeforeEach
    void start() throws Exception {
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
        for (String application : applications) {
            LocalDocker.removeApplication(docker, application);
        }
        docker.close();
    }

    @Test
    void deletionRemovesReleaseContainerImageAndNetwork() {
        ApplicationId app = createApplication();
        DeploymentId deployment = engine.requestDeployment(ALICE, app, null);
        await().atMost(DEPLOY_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> engine.findApplication(app)
                .map(view -> deployment.toString().equals(view.currentDeploymentId())).orElse(false));
        assertThat(LocalDocker.containers(docker, EngineLabels.APPLICATION, app.toString())).hasSize(1);
        assertThat(LocalDocker.images(docker, EngineLabels.APPLICATION, app.toString())).isNotEmpty();

        engine.deleteApplication(ALICE, app);

        awaitNothingLeft(app);
        assertThat(engine.findApplication(app)).isEmpty();
    }

    @Test
    void deletionCancelsRunningDeployment() {
        ApplicationId app = createApplication();
        DeploymentId building = deleteDuringBuild(app);

        DeploymentView view = engine.findDeployment(building).orElseThrow();
        assertThat(view.status()).as(view.reason()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(view.reason()).startsWith("Cancelled by user:alice during step ");
        awaitNothingLeft(app);
    }

    @Test
    void cancellationNamesDeletionRequest() {
        ApplicationId app = createApplication();
        DeploymentId building = deleteDuringBuild(app);

        AuditEntry deletion = engine.findAuditEvents(app.toString(), 100).stream()
                .filter(entry -> entry.eventType().equals("ApplicationDeletedEvent"))
                .findFirst().orElseThrow();
        AuditEntry cancellation = engine.findAuditEvents(building.toString(), 100).stream()
                .filter(entry -> entry.eventType().equals("DeploymentCancelledEvent"))
                .findFirst().orElseThrow();
        assertThat(cancellation.actor()).isEqualTo("user:alice");
        assertThat(cancellation.correlationId()).isEqualTo(ALICE.correlationId());
        assertThat(cancellation.causationId()).isEqualTo(deletion.eventId());
        awaitNothingLeft(app);
    }

    /** Starts a slow build of the application, deletes the application during it, and waits for the end. */
    private DeploymentId deleteDuringBuild(ApplicationId app) {
        DeploymentId building = engine.requestDeployment(ALICE, app, new GitRef("slow"));
        await().atMost(DEPLOY_TIMEOUT).until(() -> engine.findDeployment(building).orElseThrow().steps().stream()
                .anyMatch(step -> step.step() == DeploymentStep.CHECK_OUT));

        engine.deleteApplication(ALICE, app);

        await().atMost(Duration.ofSeconds(30)).until(() -> engine.findDeployment(building).orElseThrow().status()
                .isFinal());
        return building;
    }

    private void awaitNothingLeft(ApplicationId app) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(LocalDocker.containers(docker, EngineLabels.APPLICATION, app.toString())).isEmpty();
            assertThat(LocalDocker.images(docker, EngineLabels.APPLICATION, app.toString())).isEmpty();
            assertThat(LocalDocker.networks(docker, app.toString())).isEmpty();
        });
    }

    private ApplicationId createApplication() {
        ApplicationId app = engine.createApplication(ALICE,
                new ApplicationName("delete-" + Long.toHexString(System.nanoTime())),
                new SourceSpec(repository, new GitRef("main"), null, null),
                new RuntimeSpec(8080, HttpHealthCheck.of("/health"), null));
        applications.add(app.toString());
        return app;
    }
}
