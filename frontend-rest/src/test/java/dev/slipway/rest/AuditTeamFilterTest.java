package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.team.CreateTeamCommand;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamName;
import dev.slipway.web.ApplicationInput;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Audit search and export by team, for the events of an application created in that team. The searches run as the
 * team's owner, because a search returns only entries of the caller's teams.
 */
@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class AuditTeamFilterTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private CommandGateway commands;
    private RestApi api;

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
    }

    @Test
    void searchByTeamReturnsOnlyTeamEntries() throws Exception {
        String team = createTeam();
        String teamApplication = createApplication(team);
        String otherApplication = createApplication(null);

        JsonNode page = api.read(api.get("/api/audit-events/search?team=" + team, "X-Slipway-User", "alice"));

        List<JsonNode> entries = new ArrayList<>();
        page.get("entries").forEach(edge -> entries.add(edge.get("entry")));
        assertThat(entries).isNotEmpty().allSatisfy(entry -> assertThat(entry.get("team").asText()).isEqualTo(team));
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.get("resourceId").asText()).isEqualTo(teamApplication);
            assertThat(entry.get("eventType").asText()).isEqualTo("ApplicationCreatedEvent");
        });
        assertThat(entries).noneSatisfy(entry ->
                assertThat(entry.get("resourceId").asText()).isEqualTo(otherApplication));
        assertThat(page.get("hasNextPage").asBoolean()).isFalse();
    }

    @Test
    void exportByTeamWritesOnlyTeamEntries() throws Exception {
        String team = createTeam();
        String teamApplication = createApplication(team);
        String otherApplication = createApplication(null);

        MvcResult started = mvc.perform(MockMvcRequestBuilders.get("/api/audit-events/export").param("team", team)
                        .header("X-Slipway-User", "alice"))
                .andReturn();
        MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders.asyncDispatch(started))
                .andReturn().getResponse();

        List<JsonNode> entries = new ArrayList<>();
        for (String line : response.getContentAsString().strip().split("\n")) {
            entries.add(json.readTree(line));
        }
        assertThat(entries).isNotEmpty().allSatisfy(entry -> assertThat(entry.get("team").asText()).isEqualTo(team));
        assertThat(entries).anySatisfy(entry ->
                assertThat(entry.get("resourceId").asText()).isEqualTo(teamApplication));
        assertThat(entries).noneSatisfy(entry ->
                assertThat(entry.get("resourceId").asText()).isEqualTo(otherApplication));
    }

    /** Creates a team of which alice is the owner. */
    private String createTeam() {
        TeamId team = TeamId.random();
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new CreateTeamCommand(team,
                new TeamName("audit-" + UUID.randomUUID().toString().substring(0, 8))))
                .andMetaData(RequestContext.of(Caller.user("alice"), "127.0.0.1").toMetaData()));
        return team.toString();
    }

    /** Creates an application of {@code team}, or of the default team when it is null. */
    private String createApplication(String team) {
        ApplicationId id = ApplicationId.random();
        ApplicationInput input = new ApplicationInput(RestApi.uniqueName(), "https://git.example.test/o/r.git", "main",
                null, null, 8080, null);
        CreateApplicationCommand command = input.toCommand(id);
        if (team != null) {
            command = new CreateApplicationCommand(command.applicationId(), command.name(), command.source(),
                    command.runtime(), command.serverId(), TeamId.of(team));
        }
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(RequestContext.of(Caller.user("alice"), "127.0.0.1").toMetaData()));
        return id.toString();
    }
}
