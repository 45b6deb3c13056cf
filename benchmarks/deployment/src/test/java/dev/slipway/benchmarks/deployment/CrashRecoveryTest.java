package dev.slipway.benchmarks.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import dev.slipway.core.runtime.EngineLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the engine's process with SIGKILL while a deployment is in a step and starts it again on the same H2 event
 * store. The deployment must have ended with a reason that names the step, and nothing it started may be left.
 */
class CrashRecoveryTest {

    private static final int SLOW_BUILD_SECONDS = 90;

    @TempDir
    Path temp;

    private final List<String> applications = new ArrayList<>();
    private final String engineId = "crash-" + Long.toHexString(System.nanoTime());
    private DockerClient docker;
    private Path repository;
    private Path data;
    private Path log;
    private Path jar;

    @BeforeEach
    void prepare() throws Exception {
        docker = LocalDocker.connect();
        repository = SampleRepository.create(temp, SLOW_BUILD_SECONDS);
        data = temp.resolve("data");
        jar = QuickstartProcess.copyJar(temp);
        // Outside the temporary folder, so that it stays for reading after a failure.
        log = Files.createTempFile(Path.of("target"), "quickstart-", ".log");
    }

    @AfterEach
    void removeEverything() throws Exception {
        for (String application : applications) {
            LocalDocker.removeApplication(docker, application);
        }
        docker.close();
    }

    @Test
    void killDuringBuildFailsAtBuildStep() throws Exception {
        String deployment;
        String application;
        try (QuickstartProcess server = QuickstartProcess.start(jar, data, log, engineId)) {
            application = createApplication(server);
            deployment = deploy(server, application, "slow");
            await().atMost(Duration.ofMinutes(1)).until(() -> hasStep(server.get("/api/deployments/" + deployment),
                    "CHECK_OUT"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !sleepingBuilds().isEmpty());
            server.kill();
        }

        try (QuickstartProcess restarted = QuickstartProcess.start(jar, data, log, engineId)) {
            JsonNode view = restarted.get("/api/deployments/" + deployment);

            assertThat(view.path("status").asText()).isEqualTo("FAILED");
            assertThat(view.path("failedStep").asText()).isEqualTo("BUILD_IMAGE");
            assertThat(view.path("reason").asText()).contains("BUILD_IMAGE");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sleepingBuilds().isEmpty());
        assertThat(LocalDocker.containers(docker, EngineLabels.APPLICATION, application)).isEmpty();
        assertThat(LocalDocker.images(docker, EngineLabels.DEPLOYMENT, deployment)).isEmpty();
        assertThat(networks(application)).isEmpty();
        assertThat(data.resolve("work").resolve(deployment)).doesNotExist();
        assertNothingOfEngineLeft();
    }

    @Test
    void killDuringBuildRunsQueuedDeploymentAfterRestart() throws Exception {
        String building;
        String queued;
        String application;
        try (QuickstartProcess server = QuickstartProcess.start(jar, data, log, engineId)) {
            application = createApplication(server);
            building = deploy(server, application, "slow");
            await().atMost(Duration.ofMinutes(1)).until(() -> hasStep(server.get("/api/deployments/" + building),
                    "CHECK_OUT"));
            queued = deploy(server, application, "main");
            await().atMost(Duration.ofSeconds(30)).until(() -> "QUEUED".equals(server.get("/api/deployments/"
                    + queued).path("status").asText()));
            await().atMost(Duration.ofSeconds(30)).until(() -> !sleepingBuilds().isEmpty());
            server.kill();
        }

        try (QuickstartProcess restarted = QuickstartProcess.start(jar, data, log, engineId)) {
            JsonNode interrupted = restarted.get("/api/deployments/" + building);
            assertThat(interrupted.path("status").asText()).isEqualTo("FAILED");
            assertThat(interrupted.path("failedStep").asText()).isEqualTo("BUILD_IMAGE");

            await().atMost(Duration.ofMinutes(2)).until(() -> restarted.get("/api/deployments/" + queued)
                    .path("finishedAt").isTextual());
            JsonNode next = restarted.get("/api/deployments/" + queued);
            assertThat(next.path("status").asText()).as(next.path("reason").asText()).isEqualTo("SUCCEEDED");
            assertThat(LocalDocker.containers(docker, EngineLabels.APPLICATION, application))
                    .extracting(container -> container.getLabels().get(EngineLabels.DEPLOYMENT))
                    .containsExactly(queued);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sleepingBuilds().isEmpty());
        assertThat(LocalDocker.images(docker, EngineLabels.DEPLOYMENT, building)).isEmpty();
    }

    @Test
    void killDuringHealthCheckFailsAtHealthCheck() throws Exception {
        String deployment;
        String application;
        try (QuickstartProcess server = QuickstartProcess.start(jar, data, log, engineId)) {
            application = createApplication(server);
            deployment = deploy(server, application, "unhealthy");
            await().atMost(Duration.ofMinutes(1)).until(() -> hasStep(server.get("/api/deployments/" + deployment),
                    "START_CONTAINER"));
            assertThat(LocalDocker.containers(docker, EngineLabels.DEPLOYMENT, deployment)).hasSize(1);
            // The read model can show the step a moment before its event is committed; the health check of the
            // unhealthy application runs for about 30 s, so 2 s later the kill lands inside it.
            Thread.sleep(2000);
            server.kill();
        }

        try (QuickstartProcess restarted = QuickstartProcess.start(jar, data, log, engineId)) {
            JsonNode view = restarted.get("/api/deployments/" + deployment);

            assertThat(view.path("status").asText()).isEqualTo("FAILED");
            assertThat(view.path("failedStep").asText()).isEqualTo("HEALTH_CHECK");
            assertThat(view.path("reason").asText()).contains("HEALTH_CHECK");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> LocalDocker.containers(docker, EngineLabels.APPLICATION,
                application).isEmpty());
        assertThat(LocalDocker.images(docker, EngineLabels.DEPLOYMENT, deployment)).isEmpty();
        assertThat(networks(application)).isEmpty();
        assertNothingOfEngineLeft();
    }

    /** Checks that no container, image or network with the test's engine id is left, since no release serves. */
    private void assertNothingOfEngineLeft() {
        String label = EngineLabels.ENGINE + "=" + engineId;
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()).isEmpty();
        assertThat(docker.listImagesCmd().withLabelFilter(label).exec()).isEmpty();
        assertThat(docker.listNetworksCmd().withFilter("label", List.of(label)).exec()).isEmpty();
    }

    private String createApplication(QuickstartProcess server) throws Exception {
        String name = "crash-" + Long.toHexString(System.nanoTime());
        JsonNode created = server.post("/api/applications", "{\"name\":\"" + name + "\",\"repositoryUrl\":\"file://"
                + repository + "\",\"ref\":\"main\",\"containerPort\":8080,\"healthCheckPath\":\"/health\"}");
        String id = created.path("id").asText();
        applications.add(id);
        return id;
    }

    private static String deploy(QuickstartProcess server, String application, String ref) throws Exception {
        return server.post("/api/applications/" + application + "/deployments", "{\"ref\":\"" + ref + "\"}")
                .path("id").asText();
    }

    private static boolean hasStep(JsonNode view, String step) {
        return StreamSupport.stream(view.path("steps").spliterator(), false)
                .anyMatch(done -> step.equals(done.path("step").asText()));
    }

    private List<?> sleepingBuilds() {
        return docker.listContainersCmd().exec().stream()
                .filter(container -> container.getCommand() != null
                        && container.getCommand().contains("sleep " + SLOW_BUILD_SECONDS))
                .toList();
    }

    private List<?> networks(String application) {
        return docker.listNetworksCmd().withFilter("label", List.of(EngineLabels.APPLICATION + "=" + application))
                .exec();
    }
}
