package dev.slipway.samples.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.deployment.StepView;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks, rollbacks and image retention of the plain-Java engine against the real Docker engine, with
 * busybox httpd applications committed to real Git repositories.
 */
class ReleaseLifecycleTest {

    private static final RequestContext ALICE = RequestContext.of(Caller.user("alice"), null);
    private static final Duration DEPLOYMENT_TIMEOUT = Duration.ofMinutes(3);
    private static final String HTTPD = "\"httpd\", \"-f\", \"-v\", \"-p\", \"8080\", \"-h\", \"/www\"";

    @TempDir
    Path temp;

    private final List<ApplicationId> applications = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private DockerClient docker;
    private DeploymentEngine engine;
    private Git work;

    @BeforeEach
    void startEngine() throws Exception {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///var/run/docker.sock").build();
        docker = DockerClientImpl.getInstance(config,
                new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("Docker engine not reachable at unix:///var/run/docker.sock: run scripts/setup-docker.sh as root", e);
        }
        engine = EmbeddedDeployment.start(temp.resolve("work"), true, MasterKey.generate());
        Path bare = temp.resolve("app.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        work = Git.init().setInitialBranch("main").setDirectory(temp.resolve("source").toFile()).call();
        work.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
    }

    @AfterEach
    void removeDockerObjects() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (work != null) {
            work.close();
        }
        for (ApplicationId application : applications) {
            String label = EngineLabels.APPLICATION + "=" + application;
            for (Container container : docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(label)).exec()) {
                docker.removeContainerCmd(container.getId()).withForce(true).exec();
            }
            for (Image image : docker.listImagesCmd().withLabelFilter(label).exec()) {
                docker.removeImageCmd(image.getId()).withForce(true).exec();
            }
            // Other applications may share an image, so only the tags that name this application go.
            for (Image image : docker.listImagesCmd().withReferenceFilter("slipway/" + application).exec()) {
                for (String tag : image.getRepoTags()) {
                    if (tag.startsWith("slipway/" + application + ":")) {
                        docker.removeImageCmd(tag).withForce(true).exec();
                    }
                }
            }
            for (Network network : docker.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
                docker.removeNetworkCmd(network.getId()).exec();
            }
        }
        docker.close();
    }

    @Test
    void healthCheckThatNeverPassesKeepsPreviousRelease() throws Exception {
        ApplicationId application = createApplication(
                new HttpHealthCheck("/health", 200, Duration.ofMillis(100), Duration.ofSeconds(2), 2));
        commit("version 1", true, null);
        DeploymentView first = deploy(application);
        commit("version 2", false, null);

        DeploymentView second = deploy(application);

        assertThat(second.status()).as(second.reason()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(second.failedStep()).isEqualTo(DeploymentStep.HEALTH_CHECK);
        assertThat(second.reason()).contains("last probe: HTTP 404");
        assertThat(get(first.url() + "/")).isEqualTo("version 1\n");
        assertThat(docker.inspectContainerCmd(first.containerId()).exec().getState().getRunning()).isTrue();
        awaitImages(application, first.imageId());
    }

    @Test
    void healthCheckWithExpectedStatus404Succeeds() throws Exception {
        ApplicationId application = createApplication(
                new HttpHealthCheck("/missing", 404, Duration.ofMillis(100), Duration.ofSeconds(2), 20));
        commit("version 1", true, null);

        DeploymentView deployment = deploy(application);

        assertThat(deployment.status()).as(deployment.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(deployment.steps()).filteredOn(step -> step.step() == DeploymentStep.HEALTH_CHECK)
                .singleElement().extracting(StepView::detail).isEqualTo("HTTP 404");
        assertThat(get(deployment.url() + "/")).isEqualTo("version 1\n");
    }

    @Test
    void healthCheckIgnoresFailuresDuringStartPeriod() throws Exception {
        String slowStart = "\"sh\", \"-c\", \"sleep 3 && exec httpd -f -v -p 8080 -h /www\"";
        commit("slow start", true, slowStart);
        ApplicationId withoutStartPeriod = createApplication(
                new HttpHealthCheck("/health", 200, Duration.ofMillis(200), Duration.ofSeconds(1), 0));
        ApplicationId withStartPeriod = createApplication(new HttpHealthCheck("/health", 200, Duration.ofMillis(200),
                Duration.ofSeconds(1), 0, Duration.ofSeconds(60)));

        DeploymentView failed = deploy(withoutStartPeriod);
        DeploymentView passed = deploy(withStartPeriod);

        assertThat(failed.status()).as(failed.reason()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.reason()).contains("after 1 probes");
        assertThat(passed.status()).as(passed.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(get(passed.url() + "/")).isEqualTo("slow start\n");
    }

    @Test
    void stepTimesComeFromEventsAndSurviveReplay() throws Exception {
        ApplicationId application = createApplication(HttpHealthCheck.of("/health"));
        commit("version 1", true, null);

        DeploymentView deployment = deploy(application);
        engine.replayReadModels();
        DeploymentView replayed = engine.findDeployment(DeploymentId.of(deployment.id())).orElseThrow();

        assertThat(deployment.steps()).extracting(StepView::step).containsExactly(DeploymentStep.RESOLVE_COMMIT,
                DeploymentStep.CHECK_OUT, DeploymentStep.BUILD_IMAGE, DeploymentStep.START_CONTAINER,
                DeploymentStep.HEALTH_CHECK);
        for (int i = 0; i < deployment.steps().size(); i++) {
            StepView step = deployment.steps().get(i);
            assertThat(step.durationMillis())
                    .isEqualTo(Duration.between(step.startedAt(), step.finishedAt()).toMillis());
            assertThat(step.startedAt()).isAfterOrEqualTo(deployment.requestedAt());
            if (i > 0) {
                assertThat(step.startedAt()).isEqualTo(deployment.steps().get(i - 1).finishedAt());
            }
        }
        StepView build = deployment.steps().get(2);
        assertThat(build.durationMillis()).isPositive();
        assertThat(replayed.steps()).isEqualTo(deployment.steps());
    }

    @Test
    void rollbackServesEarlierContent() throws Exception {
        ApplicationId application = createApplication(HttpHealthCheck.of("/health"));
        commit("version 1", true, null);
        DeploymentView first = deploy(application);
        commit("version 2", true, null);
        DeploymentView second = deploy(application);

        DeploymentView rollback = await(engine.requestRollback(ALICE, application, DeploymentId.of(first.id())));

        assertThat(rollback.status()).as(rollback.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(rollback.rollbackOf()).isEqualTo(first.id());
        assertThat(rollback.commit()).isEqualTo(first.commit());
        assertThat(rollback.imageId()).isEqualTo(first.imageId());
        assertThat(rollback.steps()).extracting(StepView::step).containsExactly(DeploymentStep.RESOLVE_COMMIT,
                DeploymentStep.START_CONTAINER, DeploymentStep.HEALTH_CHECK, DeploymentStep.STOP_PREVIOUS);
        assertThat(get(rollback.url() + "/")).isEqualTo("version 1\n");
        assertThat(containerExists(second.containerId())).isFalse();
        assertThat(engine.findApplication(application).orElseThrow().currentDeploymentId()).isEqualTo(rollback.id());
    }

    @Test
    void rollbackAfterImageRemovedIsRejected() throws Exception {
        ApplicationId application = createApplication(HttpHealthCheck.of("/health"));
        commit("version 1", true, null);
        DeploymentView first = deploy(application);
        commit("version 2", true, null);
        DeploymentView second = deploy(application);
        docker.removeImageCmd(first.imageId()).exec();
        int deploymentsBefore = engine.findDeployments(application).size();

        assertThatThrownBy(() -> engine.requestRollback(ALICE, application, DeploymentId.of(first.id())))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("no longer exists")
                .hasMessageContaining("Deploy commit " + first.commit() + " again");

        assertThat(engine.findDeployments(application)).hasSize(deploymentsBefore);
        assertThat(get(second.url() + "/")).isEqualTo("version 2\n");
        assertThat(docker.inspectContainerCmd(second.containerId()).exec().getState().getRunning()).isTrue();
        awaitImages(application, second.imageId());
    }

    @Test
    void rollbackToUnknownDeploymentIsRejected() throws Exception {
        ApplicationId application = createApplication(HttpHealthCheck.of("/health"));
        commit("version 1", true, null);
        DeploymentView first = deploy(application);
        DeploymentId unknown = DeploymentId.random();

        assertThatThrownBy(() -> engine.requestRollback(ALICE, application, unknown))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(unknown.toString());
        assertThatThrownBy(() -> engine.requestRollback(ALICE, application, DeploymentId.of(first.id())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("serves");
        assertThat(engine.findDeployments(application)).hasSize(1);
    }

    @Test
    void imageRetentionKeepsLatestThreeImages() throws Exception {
        ApplicationId application = createApplication(HttpHealthCheck.of("/health"));
        List<DeploymentView> deployments = new ArrayList<>();
        for (int version = 1; version <= 5; version++) {
            commit("version " + version, true, null);
            deployments.add(deploy(application));
        }
        DeploymentView third = deployments.get(2);
        DeploymentView fifth = deployments.get(4);

        assertThat(deployments).extracting(DeploymentView::status).containsOnly(DeploymentStatus.SUCCEEDED);
        awaitImages(application, third.imageId(), deployments.get(3).imageId(), fifth.imageId());

        DeploymentView rollback = await(engine.requestRollback(ALICE, application, DeploymentId.of(third.id())));

        assertThat(rollback.status()).as(rollback.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(get(rollback.url() + "/")).isEqualTo("version 3\n");
        awaitImages(application, third.imageId(), deployments.get(3).imageId(), fifth.imageId());
    }

    @Test
    void imageRetentionPerApplicationOverridesEngineDefault() throws Exception {
        ApplicationId application = createApplication(HttpHealthCheck.of("/health"));
        engine.setImageRetention(ALICE, application, 1);
        commit("version 1", true, null);
        DeploymentView first = deploy(application);
        commit("version 2", true, null);
        DeploymentView second = deploy(application);

        assertThat(second.status()).as(second.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        awaitImages(application, second.imageId());
        assertThat(first.imageId()).isNotEqualTo(second.imageId());
    }

    private ApplicationId createApplication(HttpHealthCheck check) {
        RepositoryUrl url = RepositoryUrl.parse("file://" + temp.resolve("app.git").toAbsolutePath());
        ApplicationId application = engine.createApplication(ALICE,
                new ApplicationName("release-" + Long.toHexString(System.nanoTime())),
                new SourceSpec(url, new GitRef("main"), null, null), new RuntimeSpec(8080, check, null));
        applications.add(application);
        return application;
    }

    /** Commits a busybox httpd application serving {@code content} at {@code /}, and pushes it. */
    private void commit(String content, boolean withHealthFile, String command) throws Exception {
        Path source = work.getRepository().getWorkTree().toPath();
        Files.createDirectories(source.resolve("www"));
        Files.writeString(source.resolve("Dockerfile"), "FROM busybox:stable\nCOPY www/ /www/\nUSER 65534:65534\n"
                + "CMD [" + (command == null ? HTTPD : command) + "]\n");
        Files.writeString(source.resolve("www/index.html"), content + "\n");
        Path health = source.resolve("www/health");
        if (withHealthFile) {
            Files.writeString(health, "ok\n");
        } else {
            Files.deleteIfExists(health);
        }
        work.add().addFilepattern(".").call();
        work.add().setUpdate(true).addFilepattern(".").call();
        PersonIdent author = new PersonIdent("Test", "test@slipway.invalid");
        work.commit().setMessage(content).setAuthor(author).setCommitter(author).call();
        work.push().setRemote("origin").add("main").call();
    }

    private DeploymentView deploy(ApplicationId application) throws InterruptedException {
        return await(engine.requestDeployment(ALICE, application, null));
    }

    private DeploymentView await(DeploymentId deployment) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEPLOYMENT_TIMEOUT);
        DeploymentView view = engine.findDeployment(deployment).orElseThrow();
        while (!view.status().isFinal() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            view = engine.findDeployment(deployment).orElseThrow();
        }
        assertThat(view.status().isFinal()).as("deployment %s ended within %s", deployment, DEPLOYMENT_TIMEOUT)
                .isTrue();
        if (view.status() == DeploymentStatus.SUCCEEDED) {
            awaitCurrentRelease(view);
        }
        return view;
    }

    /**
     * Waits until the application records the succeeded deployment as its current release, which happens just
     * after the deployment shows as succeeded.
     */
    private void awaitCurrentRelease(DeploymentView deployment) throws InterruptedException {
        ApplicationId application = ApplicationId.of(deployment.applicationId());
        Instant deadline = Instant.now().plus(DEPLOYMENT_TIMEOUT);
        while (!deployment.id().equals(engine.findApplication(application).orElseThrow().currentDeploymentId())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(engine.findApplication(application).orElseThrow().currentDeploymentId())
                .as("current release of application %s", application).isEqualTo(deployment.id());
    }

    /**
     * Waits until the application's images are exactly {@code expected}: the engine removes images after the
     * deployment's final event, so the read model shows the outcome before the cleanup ends.
     */
    private void awaitImages(ApplicationId application, String... expected) {
        Awaitility.await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                assertThat(imagesOf(application)).containsExactlyInAnyOrder(expected));
    }

    /** Returns the ids of the images with a tag of the application, which is how the engine names its images. */
    private List<String> imagesOf(ApplicationId application) {
        return docker.listImagesCmd().withReferenceFilter(EngineLabels.imageRepository(application))
                .exec().stream().map(Image::getId).toList();
    }

    private boolean containerExists(String containerId) {
        return !docker.listContainersCmd().withShowAll(true).withIdFilter(List.of(containerId)).exec().isEmpty();
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }
}
