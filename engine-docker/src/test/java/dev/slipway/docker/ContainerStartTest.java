package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
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
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.VolumeMount;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DockerEngineAvailable.class)
class ContainerStartTest {

    private final DockerContainerRuntime runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults());
    private final DockerObjects objects = new DockerObjects();
    private final ApplicationId application = ApplicationId.random();
    private final Map<String, String> labels = EngineLabels.forDeployment(application, DeploymentId.random());

    @TempDir
    Path context;

    @AfterEach
    void removeDockerObjects() throws Exception {
        // Closing waits for the network creations that builds started, so the cleanup finds those networks.
        runtime.close();
        objects.removeAll();
    }

    @Test
    void startWhenCommandExitsAtOnceRemovesContainer() throws Exception {
        String image = build("""
                FROM busybox:stable
                CMD ["sh", "-c", "echo starting; echo 'fatal: DATABASE_URL is not set' >&2; exit 3"]
                """);
        String network = objects.network(runtime.ensureNetwork(application));
        String name = objects.container(TestDocker.uniqueName("crash"));

        // The container may stop before the start returns or only during the first probes; either fails alike.
        assertThatThrownBy(() -> startAndProbe(request(name, image, network, Map.of())))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("Container '" + name + "' stopped before it passed its health check, with"
                        + " exit code 3.")
                .hasMessageContaining("Last container output:\n")
                .hasMessageContaining("\nstarting")
                .hasMessageContaining("\nfatal: DATABASE_URL is not set");
        assertThat(runtime.containerExists(name)).isFalse();
        assertThat(containersLabeled()).isEmpty();
    }

    @Test
    void probeWhenContainerStoppedFailsWithExitCode() throws Exception {
        String image = build("""
                FROM busybox:stable
                CMD ["sh", "-c", "echo up; sleep 2; echo 'fatal: lost the database' >&2; exit 4"]
                """);
        String network = objects.network(runtime.ensureNetwork(application));
        String name = objects.container(TestDocker.uniqueName("stops"));
        RunningContainer container = runtime.start(request(name, image, network, Map.of()));

        ProbeResult whileRunning = runtime.probe(container, HttpHealthCheck.of("/"));

        assertThat(whileRunning.healthy()).isFalse();
        assertThatThrownBy(() -> probeUntilHealthy(container))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("Container '" + name + "' stopped before it passed its health check, with"
                        + " exit code 4.")
                .hasMessageContaining("\nup")
                .hasMessageContaining("\nfatal: lost the database");
        assertThat(runtime.containerExists(name)).isFalse();
        assertThat(containersLabeled()).isEmpty();
    }

    @Test
    void startPassesEnvironmentValuesExactly() throws Exception {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("DB_PASSWORD", "p4ss$word$$end$");
        environment.put("QUOTED", "a'b\"c #d");
        environment.put("TEST_KEY", "-----BEGIN TEST KEY-----\nQUJDRA/EFG+\n-----END TEST KEY-----\n");
        environment.put("CSP_MEDIA_SRC", "array:'self',blob:,https://*");
        environment.put("CONNECTION", "Server=db;User Id=app;Password=123#abc;");
        environment.put("CFG", "{\"val\":{\"a\":1}}");
        environment.put("BACKSLASHES", "C:\\temp\\$HOME`id`");
        String image = objects.image(buildHelloApp());
        String network = objects.network(runtime.ensureNetwork(application));
        String name = objects.container(TestDocker.uniqueName("env"));

        RunningContainer container = runtime.start(request(name, image, network, environment));
        HttpResponse<String> printed = TestDocker.get(container.url() + "/cgi-bin/env");
        List<String> inspected = List.of(TestDocker.client().inspectContainerCmd(container.id()).exec().getConfig()
                .getEnv());

        assertThat(printed.statusCode()).isEqualTo(200);
        environment.forEach((variable, value) -> {
            assertThat(printed.body()).contains("\n" + variable + "=" + value + "\n");
            assertThat(inspected).contains(variable + "=" + value);
        });
    }

    @Test
    void startRootImageUsesNonRootUser() throws Exception {
        DockerRuntimeSettings settings = new DockerRuntimeSettings(TestDocker.HOST, null, false, "127.0.0.1",
                "12345:23456", DockerRuntimeSettings.defaults().connectTimeout(),
                DockerRuntimeSettings.defaults().responseTimeout(), DockerRuntimeSettings.defaults().buildTimeout(),
                DockerRuntimeSettings.defaults().stopTimeout(), DockerRuntimeSettings.defaults().startupCheck());
        String image = build("""
                FROM busybox:stable
                USER root
                CMD ["sh", "-c", "echo uid=$(id -u) gid=$(id -g); exec httpd -f -p 8080 -h /tmp"]
                """);
        String network = objects.network(runtime.ensureNetwork(application));
        String name = objects.container(TestDocker.uniqueName("root"));

        try (DockerContainerRuntime custom = new DockerContainerRuntime(settings)) {
            RunningContainer container = custom.start(request(name, image, network, Map.of()));

            assertThat(custom.tailLogs(container.id(), 5)).contains("uid=12345 gid=23456");
            assertThat(TestDocker.client().inspectContainerCmd(container.id()).exec().getConfig().getUser())
                    .isEqualTo("12345:23456");
        }
    }

    @Test
    void startOwnBuildAppliesImageUser() throws Exception {
        String numeric = build("""
                FROM busybox:stable
                USER 1000:1001
                CMD ["httpd", "-f", "-p", "8080", "-h", "/tmp"]
                """);
        String root = build("""
                FROM busybox:stable
                USER root
                CMD ["httpd", "-f", "-p", "8080", "-h", "/tmp"]
                """);
        String network = objects.network(runtime.ensureNetwork(application));

        RunningContainer numericContainer = runtime.start(request(objects.container(TestDocker.uniqueName("uid")),
                numeric, network, Map.of()));
        RunningContainer rootContainer = runtime.start(request(objects.container(TestDocker.uniqueName("root")),
                root, network, Map.of()));

        assertThat(TestDocker.client().inspectContainerCmd(numericContainer.id()).exec().getConfig().getUser())
                .isEqualTo("1000:1001");
        assertThat(TestDocker.client().inspectContainerCmd(rootContainer.id()).exec().getConfig().getUser())
                .isEqualTo(DockerRuntimeSettings.defaults().nonRootUser());
    }

    @Test
    void startCreatesVolumeWithEngineLabel() throws Exception {
        String engineId = "test-" + Long.toHexString(System.nanoTime());
        String image = build("""
                FROM busybox:stable
                CMD ["httpd", "-f", "-p", "8080", "-h", "/tmp"]
                """);
        String network = objects.network(runtime.ensureNetwork(application));
        String name = objects.container(TestDocker.uniqueName("volume"));
        VolumeMount mount = VolumeMount.parse("data:/var/lib/data");
        String volume = objects.volume(ApplicationVolumes.dockerName(application.toString(), mount));
        ContainerRequest request = new ContainerRequest(name, image, network, 8080, Map.of(), ResourceLimits.DEFAULT,
                labels, null, List.of(mount), null, false);

        try (DockerContainerRuntime engine = new DockerContainerRuntime(
                DockerRuntimeSettings.defaults().withEngineId(engineId))) {
            engine.start(request);

            Map<String, String> volumeLabels = TestDocker.client().inspectVolumeCmd(volume).exec().getLabels();
            assertThat(volumeLabels).containsEntry(EngineLabels.MANAGED, "true");
            assertThat(volumeLabels).containsEntry(EngineLabels.APPLICATION, application.toString());
            assertThat(volumeLabels).containsEntry(EngineLabels.ENGINE, engineId);
            assertThat(TestDocker.client().listVolumesCmd()
                    .withFilter("label", List.of(EngineLabels.ENGINE + "=" + engineId)).exec().getVolumes())
                    .extracting(InspectVolumeResponse::getName).containsExactly(volume);
            // Orphan removal works on the listed objects, and volumes are never among them.
            assertThat(engine.listOwnObjects()).extracting(ManagedObject::name).contains(name)
                    .doesNotContain(volume);
        }
    }

    @Test
    void startWhenNameTakenKeepsForeignContainer() throws Exception {
        String image = objects.image(buildHelloApp());
        String network = objects.network(runtime.ensureNetwork(application));
        String name = objects.container(TestDocker.uniqueName("taken"));
        String foreignId = TestDocker.client().createContainerCmd(TestDocker.BASE_IMAGE).withName(name)
                .withCmd("true").exec().getId();

        assertThatThrownBy(() -> runtime.start(request(name, image, network, Map.of())))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("Unable to create container '" + name + "': ")
                .hasMessageContaining("already in use")
                .hasMessageEndingWith("Another container has that name; remove or rename it, then deploy again.");
        assertThatThrownBy(() -> runtime.removeContainer(name))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("it was not created by Slipway");
        assertThat(TestDocker.client().inspectContainerCmd(name).exec().getId()).isEqualTo(foreignId);
    }

    @Test
    void startWhenImageMissingNamesIt() {
        String network = objects.network(runtime.ensureNetwork(application));
        String name = objects.container(TestDocker.uniqueName("noimage"));
        String image = TestDocker.uniqueName("absent") + ":1";

        assertThatThrownBy(() -> runtime.start(request(name, image, network, Map.of())))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("'" + image + "'")
                .hasMessageContaining("No such image");
        assertThat(runtime.containerExists(name)).isFalse();
    }

    /** Starts a container, then probes it until a probe passes; either call throws when the container stops. */
    private void startAndProbe(ContainerRequest request) throws InterruptedException {
        probeUntilHealthy(runtime.start(request));
    }

    private void probeUntilHealthy(RunningContainer container) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!runtime.probe(container, HttpHealthCheck.of("/")).healthy()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("container " + container.name() + " neither stopped nor passed its probe");
            }
            Thread.sleep(20);
        }
    }

    private ContainerRequest request(String name, String image, String network, Map<String, String> environment) {
        return new ContainerRequest(name, image, network, 8080, environment, ResourceLimits.DEFAULT, labels);
    }

    private String build(String dockerfile) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        String tag = objects.image(TestDocker.uniqueName("start") + ":1");
        return runtime.build(new BuildRequest(context, "Dockerfile", tag, labels), line -> { });
    }

    private String buildHelloApp() {
        String tag = TestDocker.uniqueName("hello") + ":1";
        runtime.build(new BuildRequest(TestDocker.copyHelloApp(context), "Dockerfile", tag, labels), line -> { });
        return tag;
    }

    private List<Container> containersLabeled() {
        return TestDocker.client().listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    }
}
