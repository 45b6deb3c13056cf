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
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.team.CreateTeamCommand;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamName;
import dev.slipway.testsupport.HardenedApp;
import dev.slipway.web.ApplicationInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The container policy set by properties, with a narrower policy for one team, applied to real containers. An
 * application belongs to the team named in the command that creates it.
 */
@SpringBootTest(classes = RestTestApplication.class, properties = {
        "slipway.container-policy.max-memory-megabytes=512",
        "slipway.container-policy.teams." + TeamContainerPolicyTest.SMALL + ".max-memory-megabytes=128",
        "slipway.container-policy.teams." + TeamContainerPolicyTest.SMALL + ".read-only-root-filesystem=true"})
@AutoConfigureMockMvc
class TeamContainerPolicyTest {

    /** Id of the team with the narrower policy. */
    static final String SMALL = "3f0d1b2e-5a8c-4d7e-9b61-0c2a4e6f8a10";
    private static final long MEBIBYTE = 1024L * 1024;

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private CommandGateway commands;
    private RestApi api;
    @RegisterExtension
    final HardenedApp docker = HardenedApp.connect();

    @TempDir
    Path temp;

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
        createTeam(TeamId.of(SMALL));
    }

    @Test
    void teamContainerRunsWithTeamRules() throws Exception {
        String applicationId = create(SMALL, HardenedApp.createRepository(temp.resolve("repo")), 96);

        JsonNode deployment = awaitFinished(requestDeployment(applicationId));

        assertThat(deployment.get("status").asText()).as("deployment: %s", deployment).isEqualTo("SUCCEEDED");
        HostConfig host = docker.inspect(deployment.get("containerId").asText()).getHostConfig();
        assertThat(host.getReadonlyRootfs()).as("read-only root required by the team").isTrue();
        assertThat(host.getMemory()).as("memory").isEqualTo(96 * MEBIBYTE);
        assertThat(deployment.get("image").asText()).startsWith("slipway/");
        // The release is recorded after the deployment succeeds, so the application shows it a moment later.
        JsonNode application = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.read(api.get("/api/applications/" + applicationId, "X-Slipway-User", "alice")),
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
        assertThatThrownBy(() -> create(SMALL, "https://git.example.test/o/r.git", 256))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("memoryMegabytes")
                .hasMessageContaining("at most 128");
        assertThatThrownBy(() -> create(null, "https://git.example.test/o/r.git", 1024))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 512");
        assertThatThrownBy(() -> create(createTeam(TeamId.random()), "https://git.example.test/o/r.git", 1024))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 512");
    }

    @Test
    void operatorLimitAppliesWithoutTeam() throws Exception {
        String applicationId = create(null, "https://git.example.test/o/r.git", 256);

        JsonNode application = api.read(api.get("/api/applications/" + applicationId, "X-Slipway-User", "alice"));

        assertThat(application.get("runtime").get("memoryMegabytes").asLong()).isEqualTo(256);
    }

    /** Creates a team owned by alice, unless it exists, and returns its id. */
    private String createTeam(TeamId team) {
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(new CreateTeamCommand(team,
                    new TeamName("policy-" + team.toString().substring(0, 8))))
                    .andMetaData(RequestContext.of(Caller.user("alice"), "127.0.0.1").toMetaData()));
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof ConcurrencyException)) {
                cause = cause.getCause();
            }
            if (!(cause instanceof ConcurrencyException)) {
                throw e;
            }
            // An earlier test of this class created it.
        }
        return team.toString();
    }

    /** Creates an application of {@code team}, or of the default team when it is null. */
    private String create(String team, String repositoryUrl, int memoryMegabytes) {
        ApplicationId id = ApplicationId.random();
        ApplicationInput input = new ApplicationInput(RestApi.uniqueName(), repositoryUrl, "main", null, null, 8080,
                "/health", null, null, null, null, null, memoryMegabytes, null, null);
        var metaData = RequestContext.of(Caller.user("alice"), "127.0.0.1").toMetaData();
        try {
            CreateApplicationCommand command = input.toCommand(id);
            if (team != null) {
                command = new CreateApplicationCommand(command.applicationId(), command.name(), command.source(),
                        command.runtime(), command.serverId(), TeamId.of(team));
            }
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof InvalidInputException)) {
                cause = cause.getCause();
            }
            throw cause instanceof InvalidInputException invalid ? invalid : e;
        }
        docker.removeAfterTest(id.toString());
        return id.toString();
    }

    private String requestDeployment(String applicationId) throws Exception {
        MockHttpServletResponse accepted = api.post("/api/applications/" + applicationId + "/deployments",
                "X-Slipway-User", "alice");
        assertThat(accepted.getStatus()).as("deploy: %s", accepted.getContentAsString()).isEqualTo(202);
        return api.read(accepted).get("id").asText();
    }

    private JsonNode awaitFinished(String deploymentId) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId, "X-Slipway-User", "alice")),
                        deployment -> List.of("SUCCEEDED", "FAILED").contains(deployment.get("status").asText()));
    }
}
