package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.ManagedObject;
import dev.slipway.core.runtime.ProbeResult;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.runtime.RunningContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments of the same source share one image that carries each deployment's tag. Each test builds the sample
 * with a file of its own, so that no other test's build shares its image.
 */
@ExtendWith(DockerEngineAvailable.class)
class ImageTagTest {

    private static final ResourceLimits LIMITS = new ResourceLimits(64L * 1024 * 1024, 250_000_000L, 64);

    private final String engineId = "test-" + Long.toHexString(System.nanoTime());
    private final DockerContainerRuntime runtime = new DockerContainerRuntime(
            DockerRuntimeSettings.defaults().withEngineId(engineId));
    private final DockerObjects objects = new DockerObjects();
    private final ApplicationId application = ApplicationId.random();
    private final DeploymentId first = DeploymentId.random();
    private final DeploymentId second = DeploymentId.random();
    private final String firstTag = objects.image(EngineLabels.imageTag(application, first));
    private final String secondTag = objects.image(EngineLabels.imageTag(application, second));

    @TempDir
    Path workspace;

    private Path source;

    @BeforeEach
    void copySample() throws Exception {
        objects.network(ApplicationNetworks.nameOf(application));
        source = TestDocker.copyHelloApp(workspace);
        Files.writeString(source.resolve("www/unique.txt"), engineId);
    }

    @AfterEach
    void removeDockerObjects() throws Exception {
        // Closing waits for the network creations that builds started, so the cleanup finds those networks.
        runtime.close();
        objects.removeAll();
    }

    @Test
    void deploymentsOfSameSourceShareImage() {
        String firstId = build(application, first, firstTag);
        String secondId = build(application, second, secondTag);

        assertThat(secondId).isEqualTo(firstId);
        assertThat(TestDocker.client().inspectImageCmd(firstId).exec().getRepoTags())
                .containsExactlyInAnyOrder(firstTag, secondTag);
    }

    @Test
    void removeTagKeepsImageOfOtherTag() {
        String imageId = build(application, first, firstTag);
        build(application, second, secondTag);

        runtime.removeImage(firstTag);

        assertThat(runtime.imageExists(firstTag)).isFalse();
        assertThat(runtime.imageExists(secondTag)).isTrue();
        assertThat(runtime.imageExists(imageId)).isTrue();
    }

    @Test
    void removeImageOfLastTagRemovesImage() {
        String imageId = build(application, first, firstTag);
        build(application, second, secondTag);

        runtime.removeImage(firstTag);
        runtime.removeImage(secondTag);

        assertThat(runtime.imageExists(secondTag)).isFalse();
        assertThat(runtime.imageExists(imageId)).isFalse();
    }

    @Test
    void removeIdKeepsImageWithSeveralTags() {
        String imageId = build(application, first, firstTag);
        build(application, second, secondTag);

        runtime.removeImage(imageId);

        assertThat(runtime.imageExists(firstTag)).isTrue();
        assertThat(runtime.imageExists(secondTag)).isTrue();
    }

    @Test
    void removeImageOfOtherApplicationKeepsSharedImage() {
        ApplicationId other = ApplicationId.random();
        objects.network(ApplicationNetworks.nameOf(other));
        String otherTag = objects.image(EngineLabels.imageTag(other, second));
        String imageId = build(application, first, firstTag);
        String otherId = build(other, second, otherTag);

        runtime.removeImage(otherTag);

        assertThat(otherId).isEqualTo(imageId);
        assertThat(runtime.imageExists(otherTag)).isFalse();
        assertThat(runtime.imageExists(firstTag)).isTrue();
    }

    @Test
    void retentionRemovesOldTagWhileOtherDeploymentServes() throws Exception {
        String imageId = build(application, first, firstTag);
        build(application, second, secondTag);
        RunningContainer serving = start(second, imageId);

        List<String> removed = runtime.removeImagesExcept(application, Set.of());

        assertThat(removed).isEmpty();
        assertThat(runtime.imageExists(firstTag)).isFalse();
        assertThat(runtime.imageExists(secondTag)).isTrue();
        assertThat(runtime.probe(serving, HttpHealthCheck.of("/health"))).isEqualTo(new ProbeResult(true, "HTTP 200"));
        assertThat(TestDocker.get(serving.url() + "/unique.txt").body()).isEqualTo(engineId);
    }

    @Test
    void retentionRemovesImageWhenNoContainerUsesIt() {
        String imageId = build(application, first, firstTag);
        build(application, second, secondTag);

        List<String> removed = runtime.removeImagesExcept(application, Set.of());

        assertThat(removed).containsExactly(imageId);
        assertThat(runtime.imageExists(imageId)).isFalse();
    }

    @Test
    void retentionKeepsEveryTagOfKeptImage() {
        String imageId = build(application, first, firstTag);
        build(application, second, secondTag);

        List<String> removed = runtime.removeImagesExcept(application, Set.of(imageId));

        assertThat(removed).isEmpty();
        assertThat(runtime.imageExists(firstTag)).isTrue();
        assertThat(runtime.imageExists(secondTag)).isTrue();
    }

    @Test
    void ownObjectsListEachTagWithItsDeployment() {
        String imageId = build(application, first, firstTag);
        build(application, second, secondTag);

        List<ManagedObject> images = runtime.listOwnObjects().stream()
                .filter(object -> object.kind() == ManagedObject.Kind.IMAGE)
                .filter(object -> application.toString().equals(object.application()))
                .toList();

        assertThat(images).extracting(ManagedObject::id).containsOnly(imageId);
        assertThat(images).extracting(ManagedObject::name).containsExactlyInAnyOrder(firstTag, secondTag);
        assertThat(images).extracting(ManagedObject::deployment)
                .containsExactlyInAnyOrder(first.toString(), second.toString());
    }

    private String build(ApplicationId owner, DeploymentId deployment, String tag) {
        return runtime.build(new BuildRequest(source, "Dockerfile", tag, EngineLabels.forDeployment(owner,
                deployment)), line -> { });
    }

    private RunningContainer start(DeploymentId deployment, String imageId) {
        String network = runtime.ensureNetwork(application);
        String name = objects.container(TestDocker.uniqueName("web"));
        return runtime.start(new ContainerRequest(name, imageId, network, 8080, Map.of(), LIMITS,
                EngineLabels.forDeployment(application, deployment)));
    }
}
