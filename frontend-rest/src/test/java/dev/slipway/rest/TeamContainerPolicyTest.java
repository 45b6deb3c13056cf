package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.HostConfig;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.ApplicationInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The container policy set by properties, with a narrower policy for one team, applied to real containers. The team
 * of an application is taken from the metadata of the command that creates it.
 */
@SpringBootTest(classes = RestTestApplication.class, properties = {
        "slipway.container-policy.max-memory-megabytes=512",
        "slipway.container-policy.teams.small.max-memory-megabytes=128",
        "slipway.container-policy.teams.small.read-only-root-filesystem=true"})
@AutoConfigureMockMvc
class TeamContainerPolicyTest {

    private static final long MEBIBYTE = 1024L * 1024;

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private CommandGateway commands;
    private RestApi api;
    private HardenedApp docker;
    private final List<String> applications = new ArrayList<>();

    @TempDir
    Path temp;

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
        docker = HardenedApp.connect();
    }

    @AfterEach
    void removeApplications() throws Exception {
        applications.forEach(docker::removeApplication);
        docker.close();
    }

    @Test
    void teamContainerRunsWithTeamRules() throws Exception {
        String applicationId = create("small", HardenedApp.createRepository(temp.resolve("repo")), 96);

        JsonNode deployment = awaitFinished(requestDeployment(applicationId));

        assertThat(deployment.get("status").asText()).as("deployment: %s", deployment).isEqualTo("SUCCEEDED");
        HostConfig host = docker.inspect(deployment.get("containerId").asText()).getHostConfig();
        assertThat(host.getReadonlyRootfs()).as("read-only root required by the team").isTrue();
        assertThat(host.getMemory()).as("memory").isEqualTo(96 * MEBIBYTE);
        assertThat(deployment.get("image").asText()).startsWith("slipway/");
        // The release is recorded after the deployment succeeds, so the application shows it a moment later.
        JsonNode application = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.read(api.get("/api/applications/" + applicationId)),
                        view -> deployment.get("id").asText().equals(view.get("currentDeploymentId").asText()));
        assertThat(application.get("currentImageId").asText()).isEqualTo(deployment.get("imageId").asText());
        assertThat(application.get("runtime").get("readOnlyRootFilesystem").asBoolean())
                .as("the setting as the client sent it").isFalse();
    }

    @Test
    void containerWithoutTeamKeepsWritableRoot() throws Exception {
        String applicationId = create(null, HardenedApp.createRepository(temp.resolve("repo")), 96);

        JsonNode deployment = awaitFinished(requestDeployment(applicationId));

        assertThat(deployment.get("status").asText()).as("deployment: %s", deployment).isEqualTo("SUCCEEDED");
        HostConfig host = docker.inspect(deployment.get("containerId").asText()).getHostConfig();
        assertThat(host.getReadonlyRootfs()).as("read-only root").isFalse();
    }

    @Test
    void limitBeyondTeamOrOperatorIsRejected() {
        assertThatThrownBy(() -> create("small", "https://git.example.test/o/r.git", 256))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("memoryMegabytes")
                .hasMessageContaining("at most 128");
        assertThatThrownBy(() -> create(null, "https://git.example.test/o/r.git", 1024))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 512");
        assertThatThrownBy(() -> create("unknown-team", "https://git.example.test/o/r.git", 1024))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 512");
    }

    @Test
    void operatorLimitAppliesWithoutTeam() throws Exception {
        String applicationId = create(null, "https://git.example.test/o/r.git", 256);

        JsonNode application = api.read(api.get("/api/applications/" + applicationId));

        assertThat(application.get("runtime").get("memoryMegabytes").asLong()).isEqualTo(256);
    }

    /** Creates an application as a command carrying the team in its metadata, as the REST API cannot yet. */
    private String create(String team, String repositoryUrl, int memoryMegabytes) {
        ApplicationId id = ApplicationId.random();
        ApplicationInput input = new ApplicationInput(RestApi.uniqueName(), repositoryUrl, "main", null, null, 8080,
                "/health", null, null, null, null, null, memoryMegabytes, null, null);
        var metaData = RequestContext.of(Caller.user("alice"), "127.0.0.1").toMetaData();
        if (team != null) {
            metaData = metaData.and(RequestContext.TEAM, team);
        }
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(input.toCommand(id)).andMetaData(metaData));
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof InvalidInputException)) {
                cause = cause.getCause();
            }
            throw cause instanceof InvalidInputException invalid ? invalid : e;
        }
        applications.add(id.toString());
        return id.toString();
    }

    private String requestDeployment(String applicationId) throws Exception {
        MockHttpServletResponse accepted = api.post("/api/applications/" + applicationId + "/deployments");
        assertThat(accepted.getStatus()).as("deploy: %s", accepted.getContentAsString()).isEqualTo(202);
        return api.read(accepted).get("id").asText();
    }

    private JsonNode awaitFinished(String deploymentId) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId)),
                        deployment -> List.of("SUCCEEDED", "FAILED").contains(deployment.get("status").asText()));
    }
}
