package dev.slipway.benchmarks.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.secret.InMemoryKeysetStore;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Removal of Docker objects that nothing owns at engine start, against the real Docker engine. The test plants
 * objects with its own unique engine id, and one with another engine id that must survive.
 */
class OrphanRemovalTest {

    private static final RequestContext ALICE = RequestContext.of(Caller.user("alice"), "192.0.2.10");

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String engineId = "test-" + Long.toHexString(System.nanoTime());
    private final String otherEngineId = engineId + "-other";
    private final InMemoryEventStorageEngine events = new InMemoryEventStorageEngine();
    private DockerClient docker;
    private DockerContainerRuntime runtime;
    private RepositoryUrl repository;

    @BeforeEach
    void connect() throws Exception {
        docker = LocalDocker.connect();
        repository = RepositoryUrl.parse("file://" + SampleRepository.create(temp, 1));
        runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults().withEngineId(engineId));
    }

    @AfterEach
    void removeEverything() throws Exception {
        runtime.close();
        for (String id : List.of(engineId, otherEngineId)) {
            String label = EngineLabels.ENGINE + "=" + id;
            docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()
                    .forEach(container -> LocalDocker.removeContainer(docker, container.getId()));
            docker.listImagesCmd().withLabelFilter(label).exec()
                    .forEach(image -> docker.removeImageCmd(image.getId()).withForce(true).exec());
            docker.listNetworksCmd().withFilter("label", List.of(label)).exec()
                    .forEach(network -> docker.removeNetworkCmd(network.getId()).exec());
        }
        docker.close();
    }

    @Test
    void startRemovesOnlyOwnOrphans() throws Exception {
        DeploymentView release;
        ApplicationId application;
        try (DeploymentEngine engine = engine()) {
            application = engine.createApplication(ALICE, new ApplicationName("orphans-" + engineId),
                    new SourceSpec(repository, new GitRef("main"), null, null),
                    new RuntimeSpec(8080, HttpHealthCheck.of("/health"), null));
            release = awaitEnd(engine, engine.requestDeployment(ALICE, application, null));
            assertThat(release.status()).as(release.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
            // The engine records the release just after the deployment ends; this test starts from a recorded one.
            String releaseId = release.id();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> engine.findApplication(application)
                            .map(view -> releaseId.equals(view.currentDeploymentId())).orElse(false));
        }
        String orphanDeployment = UUID.randomUUID().toString();
        String orphanContainer = plantContainer(engineId, application.toString(), orphanDeployment);
        String orphanImage = plantImage(engineId, application.toString(), orphanDeployment);
        String orphanNetwork = plantNetwork(engineId, UUID.randomUUID().toString());
        String otherEngineContainer = plantContainer(otherEngineId, application.toString(), orphanDeployment);
        // A tag of a deployment that is not live, on the image that the release uses too.
        String orphanTag = EngineLabels.imageTag(application, DeploymentId.of(orphanDeployment));
        docker.tagImageCmd(release.imageId(), EngineLabels.imageRepository(application), orphanDeployment).exec();

        try (DeploymentEngine engine = engine()) {
            assertThat(LocalDocker.containers(docker, EngineLabels.DEPLOYMENT, orphanDeployment))
                    .extracting(container -> container.getId())
                    .containsExactly(otherEngineContainer)
                    .doesNotContain(orphanContainer);
            assertThat(LocalDocker.images(docker, EngineLabels.DEPLOYMENT, orphanDeployment))
                    .extracting(image -> image.getId()).doesNotContain(orphanImage);
            assertThat(docker.listNetworksCmd().withIdFilter(orphanNetwork).exec()).isEmpty();
            assertThat(LocalDocker.containers(docker, EngineLabels.DEPLOYMENT, release.id())).singleElement()
                    .extracting(container -> container.getLabels().get(EngineLabels.ENGINE)).isEqualTo(engineId);
            assertThat(runtime.imageExists(release.imageId())).isTrue();
            assertThat(runtime.imageExists(release.image())).isTrue();
            assertThat(runtime.imageExists(orphanTag)).isFalse();
            assertThat(get(release.url() + "/health")).isEqualTo(200);
            assertThat(engine.findApplication(application).orElseThrow().currentDeploymentId())
                    .isEqualTo(release.id());
        }
    }

    @Test
    void startRemovesUntaggedImages() throws Exception {
        DeploymentView release;
        try (DeploymentEngine engine = engine()) {
            ApplicationId application = engine.createApplication(ALICE, new ApplicationName("untagged-" + engineId),
                    new SourceSpec(repository, new GitRef("main"), null, null),
                    new RuntimeSpec(8080, HttpHealthCheck.of("/health"), null));
            release = awaitEnd(engine, engine.requestDeployment(ALICE, application, null));
            assertThat(release.status()).as(release.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
            String releaseId = release.id();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> engine.findApplication(application)
                            .map(view -> releaseId.equals(view.currentDeploymentId())).orElse(false));
        }
        // A build's images carry the engine id and the managed label, added by one step each. A build run again
        // under one tag leaves the first image without a tag, and a build cut off between the two label steps
        // leaves an untagged image with the engine id alone.
        String retried = untaggedImage("retried", Map.of(EngineLabels.MANAGED, "true", EngineLabels.ENGINE,
                engineId));
        String cutOff = untaggedImage("cut-off", Map.of(EngineLabels.ENGINE, engineId));
        String otherEngine = untaggedImage("other-engine", Map.of(EngineLabels.MANAGED, "true",
                EngineLabels.ENGINE, otherEngineId));

        try (DeploymentEngine engine = engine()) {
            assertThat(runtime.imageExists(retried)).isFalse();
            assertThat(runtime.imageExists(cutOff)).isFalse();
            assertThat(runtime.imageExists(otherEngine)).isTrue();
            assertThat(runtime.imageExists(release.imageId())).isTrue();
            assertThat(get(release.url() + "/health")).isEqualTo(200);
        }
    }

    @Test
    void startRemovesImageOfDeletedApplication() throws Exception {
        ApplicationId application;
        DeploymentView release;
        // A second tag outside the engine's repositories keeps the image when the deletion removes the release's tag.
        String keepTag = "slipway-keep/" + engineId;
        try (DeploymentEngine engine = engine()) {
            application = engine.createApplication(ALICE, new ApplicationName("deleted-" + engineId),
                    new SourceSpec(repository, new GitRef("main"), null, null),
                    new RuntimeSpec(8080, HttpHealthCheck.of("/health"), null));
            release = awaitEnd(engine, engine.requestDeployment(ALICE, application, null));
            assertThat(release.status()).as(release.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
            docker.tagImageCmd(release.imageId(), keepTag, "latest").exec();
            engine.deleteApplication(ALICE, application);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !runtime.imageExists(release.image()));
        }
        // Restore the release's tag, as a process killed between the deletion and its removal leaves it.
        docker.tagImageCmd(release.imageId(), EngineLabels.imageRepository(application), release.id()).exec();
        assertThat(runtime.imageExists(release.image())).isTrue();

        try (DeploymentEngine engine = engine()) {
            assertThat(engine.findApplication(application)).isEmpty();
            assertThat(runtime.imageExists(release.image())).isFalse();
            assertThat(runtime.imageExists(keepTag + ":latest")).isTrue();
        } finally {
            docker.removeImageCmd(keepTag + ":latest").withForce(true).exec();
        }
    }

    private DeploymentEngine engine() {
        return DeploymentEngine.builder()
                .sourceRepository(new JGitSourceRepository())
                .containerRuntime(runtime)
                .eventStorageEngine(events)
                .settings(EngineSettings.defaults(temp.resolve("work")).withSourcePolicy(new SourcePolicy(false, true)))
                .masterKey(MasterKey.generate())
                .keysetStore(new InMemoryKeysetStore())
                .build()
                .start();
    }

    private Map<String, String> labels(String engine, String application, String deployment) {
        Map<String, String> labels = new HashMap<>(Map.of(EngineLabels.MANAGED, "true", EngineLabels.ENGINE, engine,
                EngineLabels.APPLICATION, application));
        if (deployment != null) {
            labels.put(EngineLabels.DEPLOYMENT, deployment);
        }
        return labels;
    }

    private String plantContainer(String engine, String application, String deployment) {
        String id = docker.createContainerCmd("busybox:stable").withName("orphan-" + UUID.randomUUID())
                .withLabels(labels(engine, application, deployment)).withCmd("sleep", "300").exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    private String plantImage(String engine, String application, String deployment) throws Exception {
        Path context = Files.createDirectories(temp.resolve("orphan-image"));
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox:stable\nRUN echo " + deployment + "\n");
        return docker.buildImageCmd(context.toFile()).withPull(false).withTags(Set.of("slipway-orphan/" + engineId))
                .withLabels(labels(engine, application, deployment))
                .exec(new BuildImageResultCallback()).awaitImageId();
    }

    /** Builds two images under one tag and removes the tag, which leaves the first image without one. */
    private String untaggedImage(String name, Map<String, String> labels) throws Exception {
        String tag = "slipway-orphan/" + engineId + ":" + name;
        String first = buildImage(name + "-first", tag, labels);
        String second = buildImage(name + "-second", tag, labels);
        docker.removeImageCmd(tag).exec();
        assertThat(runtime.imageExists(first)).isTrue();
        assertThat(runtime.imageExists(second)).isFalse();
        return first;
    }

    private String buildImage(String content, String tag, Map<String, String> labels) throws Exception {
        Path context = Files.createDirectories(temp.resolve("image-" + content));
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox:stable\nRUN echo " + content + " "
                + UUID.randomUUID() + "\n");
        return docker.buildImageCmd(context.toFile()).withPull(false).withTags(Set.of(tag)).withLabels(labels)
                .exec(new BuildImageResultCallback()).awaitImageId();
    }

    private String plantNetwork(String engine, String application) {
        return docker.createNetworkCmd().withName("slipway-" + application)
                .withLabels(labels(engine, application, null)).exec().getId();
    }

    private static DeploymentView awaitEnd(DeploymentEngine engine, DeploymentId id) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> engine.findDeployment(id).map(view -> view.status().isFinal()).orElse(false));
        return engine.findDeployment(id).orElseThrow();
    }

    private int get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
