package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.web.ApplicationInput;
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

/** Audit search and export by team, for events whose command named a team in its metadata. */
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
        String team = "team-" + UUID.randomUUID();
        String teamApplication = createApplication(team);
        createApplication(null);

        JsonNode page = api.read(api.get("/api/audit-events/search?team=" + team));

        JsonNode entries = page.get("entries");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("entry").get("team").asText()).isEqualTo(team);
        assertThat(entries.get(0).get("entry").get("resourceId").asText()).isEqualTo(teamApplication);
        assertThat(entries.get(0).get("entry").get("eventType").asText()).isEqualTo("ApplicationCreatedEvent");
        assertThat(page.get("hasNextPage").asBoolean()).isFalse();
    }

    @Test
    void exportByTeamWritesOnlyTeamEntries() throws Exception {
        String team = "team-" + UUID.randomUUID();
        String teamApplication = createApplication(team);
        createApplication(null);

        MvcResult started = mvc.perform(MockMvcRequestBuilders.get("/api/audit-events/export").param("team", team))
                .andReturn();
        MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders.asyncDispatch(started))
                .andReturn().getResponse();

        String[] lines = response.getContentAsString().strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode entry = json.readTree(lines[0]);
        assertThat(entry.get("team").asText()).isEqualTo(team);
        assertThat(entry.get("resourceId").asText()).isEqualTo(teamApplication);
    }

    /** Creates an application by a command whose metadata names {@code team}, or no team when it is null. */
    private String createApplication(String team) {
        ApplicationId id = ApplicationId.random();
        ApplicationInput input = new ApplicationInput(RestApi.uniqueName(), "https://git.example.test/o/r.git", "main",
                null, null, 8080, null);
        var metaData = RequestContext.of(Caller.user("alice"), "127.0.0.1").toMetaData();
        if (team != null) {
            metaData = metaData.and(RequestContext.TEAM, team);
        }
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(input.toCommand(id)).andMetaData(metaData));
        return id.toString();
    }
}
