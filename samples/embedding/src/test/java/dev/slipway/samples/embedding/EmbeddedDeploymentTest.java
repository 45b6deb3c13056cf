package dev.slipway.samples.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-Java engine deploys the sample application from a real Git repository to the real Docker engine. */
class EmbeddedDeploymentTest {

    @TempDir
    Path temp;

    private DockerClient docker;
    private String applicationId;

    @BeforeEach
    void connectDocker() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///var/run/docker.sock").build();
        docker = DockerClientImpl.getInstance(config,
                new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("Docker engine not reachable at unix:///var/run/docker.sock: run scripts/setup-docker.sh as root", e);
        }
    }

    @AfterEach
    void removeDockerObjects() {
        if (applicationId == null) {
            return;
        }
        String label = EngineLabels.APPLICATION + "=" + applicationId;
        List<Container> containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label))
                .exec();
        for (Container container : containers) {
            docker.removeContainerCmd(container.getId()).withForce(true).exec();
        }
        for (Image image : docker.listImagesCmd().withLabelFilter(label).exec()) {
            docker.removeImageCmd(image.getId()).withForce(true).exec();
        }
        // Other applications may share an image, so only the tags that name this application go.
        for (Image image : docker.listImagesCmd().withReferenceFilter("slipway/" + applicationId).exec()) {
            for (String tag : image.getRepoTags()) {
                if (tag.startsWith("slipway/" + applicationId + ":")) {
                    docker.removeImageCmd(tag).withForce(true).exec();
                }
            }
        }
        for (Network network : docker.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
            docker.removeNetworkCmd(network.getId()).exec();
        }
    }

    @Test
    void plainJavaEngineDeploysSampleApplication() throws Exception {
        Path repository = sampleRepository();

        DeploymentView deployment;
        try (DeploymentEngine engine = EmbeddedDeployment.start(temp.resolve("work"), true, MasterKey.generate())) {
            deployment = EmbeddedDeployment.deploy(engine, RepositoryUrl.parse("file://" + repository),
                    new GitRef("main"), 8080, "/health", Duration.ofMinutes(3));
            applicationId = deployment.applicationId();

            assertThat(deployment.status()).as(deployment.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(deployment.url() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Hello from Slipway");
            assertThat(engine.findAuditEvents(deployment.id(), 100))
                    .allSatisfy(entry -> assertThat(entry.actor()).startsWith("user:"));
        }
        assertThat(temp.resolve("work").resolve(deployment.id())).doesNotExist();
    }

    private Path sampleRepository() throws Exception {
        Path work = temp.resolve("sample");
        Path source = Path.of("..", "hello-app");
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path target = work.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path bare = temp.resolve("hello.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
            git.add().addFilepattern(".").call();
            PersonIdent author = new PersonIdent("Test", "test@slipway.invalid");
            git.commit().setMessage("Add the sample").setAuthor(author).setCommitter(author).call();
            git.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(bare.toUri().toString()))
                    .call();
            git.push().setRemote("origin").add("main").call();
        }
        return bare.toAbsolutePath();
    }
}
