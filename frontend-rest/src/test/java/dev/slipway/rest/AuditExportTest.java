package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.SetEnvironmentVariableCommand;
import dev.slipway.core.application.VariableName;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Audit export of more entries than one export page, so that the export must follow the search cursor from page to
 * page while it streams.
 */
@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class AuditExportTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private CommandGateway commands;

    @Test
    void exportOfManyPagesWritesEveryEntryOnce() throws Exception {
        RestApi api = new RestApi(mvc, json);
        String applicationId = api.read(api.postJson("/api/applications", RestApi.applicationBody(
                RestApi.uniqueName(), "https://git.example.test/o/export.git"))).get("id").asText();
        int changes = AuditSearchController.EXPORT_PAGE + 20;
        for (int i = 0; i < changes; i++) {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(new SetEnvironmentVariableCommand(
                            ApplicationId.of(applicationId), new VariableName("COUNTER"), Integer.toString(i)))
                    .andMetaData(RequestContext.of(Caller.user("alice"), "127.0.0.1").toMetaData()));
        }

        MvcResult started = mvc.perform(MockMvcRequestBuilders.get("/api/audit-events/export")
                        .param("resourceId", applicationId).header("X-Slipway-User", "alice"))
                .andReturn();
        MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders.asyncDispatch(started))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        for (String line : response.getContentAsString().strip().split("\n")) {
            entries.add(json.readTree(line));
        }
        // The application's creation and every change, newest first.
        assertThat(entries).hasSize(changes + 1);
        assertThat(entries).extracting(entry -> entry.get("eventId").asText()).doesNotHaveDuplicates();
        assertThat(entries).allSatisfy(entry -> assertThat(entry.get("resourceId").asText())
                .isEqualTo(applicationId));
        assertThat(entries.get(0).get("eventType").asText()).isEqualTo("EnvironmentVariableSetEvent");
        assertThat(entries.get(changes).get("eventType").asText()).isEqualTo("ApplicationCreatedEvent");
    }
}
