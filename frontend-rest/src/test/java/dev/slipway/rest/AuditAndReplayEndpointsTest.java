package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.access.RequestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    @Test
    void replayOfOneReadModelReportsItsEvents() throws Exception {
        createApplication("https://git.example.test/d.git");
        List<JsonNode> auditBefore = api.auditEntries();
        JsonNode applicationsBefore = api.read(api.get("/api/applications"));

        MockHttpServletResponse response = api.post("/api/read-models/audit/replay", "X-Slipway-User", "operator");

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode report = api.read(response);
        assertThat(report.get("readModels").get(0).asText()).isEqualTo("audit");
        assertThat(report.get("readModels")).hasSize(1);
        assertThat(report.get("eventsReplayed").asLong()).isGreaterThanOrEqualTo(auditBefore.size());
        // Events committed by concurrent requests can reach the live read model in another order than the store's.
        assertThat(api.auditEntries()).containsExactlyInAnyOrderElementsOf(auditBefore);
        assertThat(api.read(api.get("/api/applications"))).isEqualTo(applicationsBefore);
    }

    @Test
    void replayOfUnknownReadModelNamesKnownOnes() throws Exception {
        MockHttpServletResponse response = api.post("/api/read-models/nothing/replay");

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo("readModel");
        assertThat(problem.get("rule").asText()).contains("application", "deployment", "audit");
    }

    @Test
    void readModelsListNamesAndNoRunningReplay() throws Exception {
        JsonNode readModels = api.read(api.get("/api/read-models"));

        assertThat(readModels.get("names").toString()).contains("\"application\"", "\"deployment\"", "\"audit\"");
        assertThat(readModels.get("replay").isNull()).isTrue();
    }

    @Test
    void deploymentEventsLeadBackToRequest() throws Exception {
        String applicationId = api.read(api.postJson("/api/applications", RestApi.applicationBody(RestApi.uniqueName(),
                "file:///tmp/slipway-missing-" + UUID.randomUUID()))).get("id").asText();
        String correlationId = RestApi.newCorrelationId();
        String userAgent = "audit-test/1.0 " + "x".repeat(300);

        MockHttpServletResponse accepted = api.post("/api/applications/" + applicationId + "/deployments",
                "X-Slipway-User", "alice", "X-Correlation-Id", correlationId, "User-Agent", userAgent);
        String deploymentId = api.read(accepted).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId)).get("status").asText(),
                        "FAILED"::equals);
        // The failed deployment leaves its application's lane after its clean-up, which runs after the status shows.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.auditEntries().stream().anyMatch(entry -> correlationId.equals(
                        entry.get("correlationId").asText())
                        && "DeploymentLaneLeftEvent".equals(entry.get("eventType").asText())));

        Map<String, JsonNode> byId = new HashMap<>();
        api.auditEntries().stream()
                .filter(entry -> correlationId.equals(entry.get("correlationId").asText()))
                .forEach(entry -> byId.put(entry.get("eventId").asText(), entry));
        assertThat(byId.values()).extracting(entry -> entry.get("eventType").asText())
                .contains("DeploymentRequestedEvent", "DeploymentStartedEvent", "DeploymentFailedEvent");
        assertThat(byId.values()).extracting(entry -> entry.get("userAgent").asText())
                .containsOnly(userAgent.substring(0, RequestContext.MAX_USER_AGENT));
        JsonNode failed = byId.values().stream()
                .filter(entry -> entry.get("eventType").asText().equals("DeploymentFailedEvent"))
                .findFirst().orElseThrow();
        List<String> chain = new ArrayList<>();
        JsonNode current = failed;
        while (current != null && chain.size() <= byId.size()) {
            chain.add(current.get("eventType").asText());
            String causationId = current.get("causationId").asText();
            assertThat(causationId).as("causation id of " + chain).isNotBlank().isNotEqualTo("null");
            current = byId.get(causationId);
        }
        // The request stores the deployment and its admission to the application's lane side by side, and the
        // deployment starts because of its admission.
        assertThat(chain).startsWith("DeploymentFailedEvent").endsWith("DeploymentAdmittedEvent");
        assertThat(chain).hasSizeGreaterThan(2);
        assertThat(byId.values().stream()
                .filter(entry -> List.of("DeploymentRequestedEvent", "DeploymentAdmittedEvent")
                        .contains(entry.get("eventType").asText()))
                .map(entry -> entry.get("causationId").asText())
                .distinct()).as("causation ids of the request's events").hasSize(1);
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
