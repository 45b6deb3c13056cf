package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.ProbeResult;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.runtime.RunningContainer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DockerEngineAvailable.class)
class HealthProbeTest {

    private final DockerContainerRuntime runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
    private final DockerObjects objects = new DockerObjects();

    @TempDir
    Path context;

    @AfterEach
    void removeDockerObjects() throws Exception {
        // Closing waits for the network creations that builds started, so the cleanup finds those networks.
        runtime.close();
        objects.removeAll();
    }

    @Test
    void probeWhenPathMissingReportsHttp404() {
        RunningContainer container = startSample(8080);

        ProbeResult missing = runtime.probe(container, HttpHealthCheck.of("/missing"));
        ProbeResult health = runtime.probe(container, HttpHealthCheck.of("/health"));

        assertThat(missing).isEqualTo(new ProbeResult(false, "HTTP 404"));
        assertThat(health).isEqualTo(new ProbeResult(true, "HTTP 200"));
    }

    @Test
    void probeOfWrongPortReportsClosedConnection() {
        // The sample listens on 8080, so nothing listens on 9090 inside the container.
        RunningContainer container = startSample(9090);

        ProbeResult result = runtime.probe(container, HttpHealthCheck.of("/health"));

        assertThat(result).isEqualTo(new ProbeResult(false, HttpProbe.CLOSED_WITHOUT_RESPONSE));
    }

    @Test
    void probeWhenNothingListensReportsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RunningContainer closedPort = new RunningContainer("closed", "closed", "127.0.0.1", port);

        ProbeResult result = runtime.probe(closedPort, HttpHealthCheck.of("/health"));

        assertThat(result).isEqualTo(new ProbeResult(false, "connection refused"));
    }

    @Test
    void probeWhenServerNeverRespondsReportsTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(5_000);
                } catch (Exception e) {
                    // The socket closes when the test ends.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RunningContainer hanging = new RunningContainer("hang", "hang", "127.0.0.1", silent.getLocalPort());
            HttpHealthCheck check = new HttpHealthCheck("/health", 200, Duration.ofMillis(100),
                    Duration.ofMillis(300), 0);

            ProbeResult result = runtime.probe(hanging, check);

            assertThat(result).isEqualTo(new ProbeResult(false, "timed out after 300ms"));
        }
    }

    /** Builds the sample and starts it with {@code containerPort} published on a loopback port. */
    private RunningContainer startSample(int containerPort) {
        ApplicationId application = ApplicationId.random();
        Map<String, String> labels = EngineLabels.forDeployment(application, DeploymentId.random());
        String tag = objects.image(TestDocker.uniqueName("hello") + ":1");
        String image = runtime.build(new BuildRequest(TestDocker.copyHelloApp(context), "Dockerfile", tag, labels),
                line -> { });
        String network = objects.network(runtime.ensureNetwork(application));
        String name = objects.container(TestDocker.uniqueName("probe"));
        return runtime.start(
                new ContainerRequest(name, image, network, containerPort, Map.of(), ResourceLimits.DEFAULT, labels));
    }
}
