package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class AuditAndReplayEndpointsTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    private RestApi api;

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
    }

    @Test
    void auditWithLimitReturnsAtMostThatMany() throws Exception {
        createApplication("https://git.example.test/a.git");
        createApplication("https://git.example.test/b.git");

        JsonNode entries = api.read(api.get("/api/audit-events?limit=1"));

        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("eventType").asText()).isEqualTo("ApplicationCreatedEvent");
    }

    @Test
    void auditWithInvalidParametersNamesThem() throws Exception {
        assertBadRequest("/api/audit-events?limit=0", "limit");
        assertBadRequest("/api/audit-events?limit=1001", "limit");
        assertBadRequest("/api/audit-events?limit=ten", "limit");
        assertBadRequest("/api/audit-events?resourceId=abc", "resourceId");
    }

    @Test
    void replayRebuildsReadModelsWithSameContent() throws Exception {
        createApplication("https://git.example.test/c.git");
        JsonNode applicationsBefore = api.read(api.get("/api/applications"));
        int auditBefore = api.auditEntries().size();

        MockHttpServletResponse response = api.post("/api/read-models/replay", "X-Slipway-User", "operator");

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode report = api.read(response);
        assertThat(report.get("processors")).isNotEmpty();
        assertThat(report.get("duration").asText()).startsWith("PT");
        assertThat(api.read(api.get("/api/applications"))).isEqualTo(applicationsBefore);
        assertThat(api.auditEntries()).hasSize(auditBefore);
    }

    private void createApplication(String repositoryUrl) throws Exception {
        MockHttpServletResponse created = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), repositoryUrl));
        assertThat(created.getStatus()).isEqualTo(201);
    }

    private void assertBadRequest(String path, String field) throws Exception {
        MockHttpServletResponse response = api.get(path);

        assertThat(response.getStatus()).as(path).isEqualTo(400);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(api.read(response).get("field").asText()).as(path).isEqualTo(field);
    }
}
