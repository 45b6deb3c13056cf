package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.ProbeResult;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.runtime.RunningContainer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DockerEngineAvailable.class)
class ContainerLifecycleTest {

    private static final ResourceLimits LIMITS = new ResourceLimits(64L * 1024 * 1024, 250_000_000L, 64);

    private final DockerContainerRuntime runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
    private final DockerObjects objects = new DockerObjects();
    private final ApplicationId application = ApplicationId.random();
    private final DeploymentId deployment = DeploymentId.random();

    @TempDir
    Path workspace;

    @AfterEach
    void removeDockerObjects() throws Exception {
        // Closing waits for the network creations that builds started, so the cleanup finds those networks.
        runtime.close();
        objects.removeAll();
    }

    @Test
    void deployHelloAppServesPageWithHardenedDefaults() throws Exception {
        Map<String, String> labels = EngineLabels.forDeployment(application, deployment);
        String tag = objects.image(TestDocker.uniqueName("hello") + ":1");
        List<String> buildOutput = Collections.synchronizedList(new ArrayList<>());

        String imageId = runtime.build(new BuildRequest(TestDocker.copyHelloApp(workspace), "Dockerfile", tag, labels),
                buildOutput::add);
        String network = objects.network(runtime.ensureNetwork(application));
        String name = objects.container(TestDocker.uniqueName("web"));
        RunningContainer container = runtime.start(
                new ContainerRequest(name, imageId, network, 8080, Map.of("GREETING", "hi"), LIMITS, labels));
        ProbeResult health = runtime.probe(container, HttpHealthCheck.of("/health"));
        HttpResponse<String> page = TestDocker.get(container.url() + "/");

        assertThat(imageId).startsWith("sha256:");
        assertThat(buildOutput).anyMatch(line -> line.startsWith("Successfully built"));
        assertThat(network).isEqualTo("slipway-" + application);
        assertThat(container.hostAddress()).isEqualTo("127.0.0.1");
        assertThat(health).isEqualTo(new ProbeResult(true, "HTTP 200"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Hello from Slipway");
        assertThat(runtime.tailLogs(container.id(), 10)).anyMatch(line -> line.contains("response:200"));
    }

    @Test
    void startAppliesHardenedHostConfig() {
        Map<String, String> labels = EngineLabels.forDeployment(application, deployment);
        String tag = objects.image(TestDocker.uniqueName("hello") + ":1");
        String imageId = runtime.build(new BuildRequest(TestDocker.copyHelloApp(workspace), "Dockerfile", tag, labels),
                line -> { });
        String network = objects.network(runtime.ensureNetwork(application));
        String name = objects.container(TestDocker.uniqueName("web"));

        RunningContainer container = runtime.start(
                new ContainerRequest(name, imageId, network, 8080, Map.of(), LIMITS, labels));

        InspectContainerResponse inspected = TestDocker.client().inspectContainerCmd(container.id()).exec();
        HostConfig host = inspected.getHostConfig();
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).isNullOrEmpty();
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getMemory()).isEqualTo(LIMITS.memoryBytes());
        assertThat(host.getMemorySwap()).isEqualTo(LIMITS.memoryBytes());
        assertThat(host.getNanoCPUs()).isEqualTo(LIMITS.nanoCpus());
        assertThat(host.getPidsLimit()).isEqualTo(LIMITS.pids());
        assertThat(host.getNetworkMode()).isEqualTo(network);
        assertThat(host.getIpcMode()).isEqualTo("private");
        assertThat(host.getInit()).isTrue();
        assertThat(host.getBinds()).isNullOrEmpty();
        Ports.Binding[] bindings = inspected.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(8080));
        assertThat(bindings).hasSize(1);
        assertThat(bindings[0].getHostIp()).isEqualTo("127.0.0.1");
        assertThat(bindings[0].getHostPortSpec()).isEqualTo(Integer.toString(container.hostPort()));
        assertThat(inspected.getConfig().getUser()).isEqualTo("65534:65534");
        assertThat(inspected.getConfig().getLabels()).containsAllEntriesOf(labels);
        assertThat(inspected.getName()).isEqualTo("/" + name);
        InspectImageResponse image = TestDocker.client().inspectImageCmd(imageId).exec();
        assertThat(image.getConfig().getLabels()).containsEntry(EngineLabels.MANAGED, "true")
                .containsEntry(EngineLabels.ENGINE, EngineLabels.DEFAULT_ENGINE_ID)
                .doesNotContainKeys(EngineLabels.APPLICATION, EngineLabels.DEPLOYMENT);
        assertThat(image.getRepoTags()).contains(tag);
    }

    @Test
    void removeContainerImageAndNetworkLeavesNothing() throws Exception {
        Map<String, String> labels = EngineLabels.forDeployment(application, deployment);
        String tag = objects.image(TestDocker.uniqueName("hello") + ":1");
        // A file of its own makes the image differ from every other test's build of the sample.
        Path source = TestDocker.copyHelloApp(workspace);
        Files.writeString(source.resolve("www/unique.txt"), tag);
        String imageId = runtime.build(new BuildRequest(source, "Dockerfile", tag, labels), line -> { });
        String network = objects.network(runtime.ensureNetwork(application));
        String name = objects.container(TestDocker.uniqueName("web"));
        RunningContainer container = runtime.start(
                new ContainerRequest(name, imageId, network, 8080, Map.of(), LIMITS, labels));

        runtime.removeNetwork(application);
        boolean networkKeptWhileInUse = networkExists(network);
        runtime.removeImage(imageId);
        boolean imageKeptWhileInUse = runtime.imageExists(imageId);
        runtime.removeContainer(container.id());
        runtime.removeImage(imageId);
        runtime.removeNetwork(application);

        assertThat(networkKeptWhileInUse).isTrue();
        assertThat(imageKeptWhileInUse).isTrue();
        assertThat(runtime.containerExists(container.id())).isFalse();
        assertThat(runtime.containerExists(name)).isFalse();
        assertThat(runtime.imageExists(imageId)).isFalse();
        assertThat(runtime.imageExists(tag)).isFalse();
        assertThat(networkExists(network)).isFalse();
    }

    @Test
    void removeWhenAlreadyGoneDoesNothing() {
        String missing = TestDocker.uniqueName("missing");

        runtime.removeContainer(missing);
        runtime.removeImage(missing + ":1");
        runtime.removeNetwork(ApplicationId.random());

        assertThat(runtime.containerExists(missing)).isFalse();
        assertThat(runtime.imageExists(missing + ":1")).isFalse();
    }

    private static boolean networkExists(String name) {
        return TestDocker.client().listNetworksCmd().withNameFilter(name).exec().stream()
                .anyMatch(network -> name.equals(network.getName()));
    }
}
