package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
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
class DeploymentEndpointsTest {

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
    void deployFromMissingLocalRepositoryFailsNamingUrl() throws Exception {
        String url = "file:///tmp/slipway-missing-" + UUID.randomUUID();
        String applicationId = createApplication(url);
        String correlationId = RestApi.newCorrelationId();

        MockHttpServletResponse accepted = api.post("/api/applications/" + applicationId + "/deployments",
                "X-Slipway-User", "alice", "X-Correlation-Id", correlationId);

        assertThat(accepted.getStatus()).isEqualTo(202);
        JsonNode requested = api.read(accepted);
        String deploymentId = requested.get("id").asText();
        assertThat(accepted.getHeader("Location")).isEqualTo("/api/deployments/" + deploymentId);
        assertThat(requested.get("applicationId").asText()).isEqualTo(applicationId);
        assertThat(requested.get("ref").asText()).isEqualTo("main");
        assertThat(requested.get("requestedBy").asText()).isEqualTo("user:alice");

        JsonNode failed = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId)),
                        deployment -> "FAILED".equals(deployment.get("status").asText()));
        assertThat(failed.get("reason").asText()).contains(url);
        assertThat(failed.get("failedStep").asText()).isEqualTo("RESOLVE_COMMIT");
        assertThat(failed.get("steps").findValuesAsText("step")).doesNotContain("BUILD_IMAGE", "START_CONTAINER");
        assertThat(failed.get("finishedAt").asText()).isNotBlank();
        try (DockerObjects docker = DockerObjects.connect()) {
            assertThat(docker.labelled("dev.slipway.application", applicationId)).isEmpty();
        }

        JsonNode listed = api.read(api.get("/api/applications/" + applicationId + "/deployments"));
        assertThat(listed.findValuesAsText("id")).containsExactly(deploymentId);
        JsonNode audit = api.read(api.get("/api/audit-events?resourceId=" + deploymentId));
        assertThat(audit.findValuesAsText("eventType")).contains("DeploymentRequestedEvent", "DeploymentFailedEvent");
        assertThat(audit.findValuesAsText("correlationId")).containsOnly(correlationId);
        assertThat(audit.findValuesAsText("actor")).contains("user:alice");
    }

    @Test
    void deployWithRefInBodyRecordsThatRef() throws Exception {
        String applicationId = createApplication("file:///tmp/slipway-missing-" + UUID.randomUUID());

        MockHttpServletResponse accepted = api.postJson("/api/applications/" + applicationId + "/deployments",
                Map.of("ref", "release/v2026.410.0"));

        assertThat(accepted.getStatus()).isEqualTo(202);
        assertThat(api.read(accepted).get("ref").asText()).isEqualTo("release/v2026.410.0");
        String deploymentId = api.read(accepted).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId)).get("status").asText(),
                        "FAILED"::equals);
    }

    @Test
    void deployWithInvalidRefIsRejectedWithoutEvent() throws Exception {
        String applicationId = createApplication("file:///tmp/slipway-missing-" + UUID.randomUUID());
        List<JsonNode> auditBefore = api.auditEntries();
        String correlationId = RestApi.newCorrelationId();

        MockHttpServletResponse response = api.postJson("/api/applications/" + applicationId + "/deployments",
                Map.of("ref", "-upload-pack=touch_x"), "X-Correlation-Id", correlationId);

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo("ref");
        assertThat(problem.get("rule").asText()).contains("leading '-'");
        // Deployments of other tests in the shared context may still record events, such as leaving the
        // deployment lane after failing, so only this request's and this application's entries are compared.
        List<JsonNode> auditAfter = api.auditEntries();
        assertThat(auditAfter).filteredOn(entry -> correlationId.equals(entry.path("correlationId").asText()))
                .isEmpty();
        assertThat(concerning(applicationId, auditAfter)).isEqualTo(concerning(applicationId, auditBefore));
        assertThat(api.read(api.get("/api/applications/" + applicationId + "/deployments"))).isEmpty();
    }

    @Test
    void refAsQueryParameterIsRejected() throws Exception {
        String applicationId = createApplication("file:///tmp/slipway-missing-" + UUID.randomUUID());
        String path = "/api/applications/" + applicationId + "/deployments";

        MockHttpServletResponse deploy = api.post(path + "?ref=v2");
        MockHttpServletResponse list = api.get(path + "?limit=2");

        assertThat(deploy.getStatus()).isEqualTo(400);
        assertThat(api.read(deploy).get("field").asText()).isEqualTo("ref");
        assertThat(api.read(deploy).get("rule").asText()).contains("not a parameter of this route");
        assertThat(list.getStatus()).isEqualTo(400);
        assertThat(api.read(list).get("field").asText()).isEqualTo("limit");
        assertThat(api.read(api.get(path))).isEmpty();
    }

    @Test
    void deployOfUnknownApplicationReadsLikeUnknownId() throws Exception {
        String unknown = UUID.randomUUID().toString();
        List<JsonNode> auditBefore = api.auditEntries();

        MockHttpServletResponse deploy = api.post("/api/applications/" + unknown + "/deployments");
        MockHttpServletResponse read = api.get("/api/applications/" + unknown);
        MockHttpServletResponse list = api.get("/api/applications/" + unknown + "/deployments");

        assertThat(deploy.getStatus()).isEqualTo(404);
        assertThat(deploy.getContentType()).isEqualTo("application/problem+json");
        assertThat(api.read(deploy).get("detail")).isEqualTo(api.read(read).get("detail"));
        assertThat(api.read(deploy).get("title")).isEqualTo(api.read(read).get("title"));
        assertThat(list.getStatus()).isEqualTo(404);
        assertThat(api.read(list).get("detail")).isEqualTo(api.read(read).get("detail"));
        ApplicationEndpointsTest.assertNoInternals(deploy);
        assertThat(api.auditEntries()).isEqualTo(auditBefore);
    }

    @Test
    void getUnknownDeploymentAnswersNotFound() throws Exception {
        String unknown = UUID.randomUUID().toString();

        MockHttpServletResponse response = api.get("/api/deployments/" + unknown);

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(api.read(response).get("detail").asText())
                .isEqualTo("Deployment '" + unknown + "' not found. Check the id.");
    }

    @Test
    void getMalformedDeploymentIdNamesDeploymentId() throws Exception {
        MockHttpServletResponse response = api.get("/api/deployments/12");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("field").asText()).isEqualTo("deploymentId");
    }

    @Test
    void deployWithMalformedApplicationIdNamesApplicationId() throws Exception {
        MockHttpServletResponse response = api.post("/api/applications/x1/deployments");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("field").asText()).isEqualTo("applicationId");
    }

    private static List<JsonNode> concerning(String resourceId, List<JsonNode> auditEntries) {
        return auditEntries.stream().filter(entry -> resourceId.equals(entry.path("resourceId").asText())).toList();
    }

    private String createApplication(String repositoryUrl) throws Exception {
        MockHttpServletResponse created = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), repositoryUrl), "X-Slipway-User", "alice");
        assertThat(created.getStatus()).as("creation: %s", created.getContentAsString()).isEqualTo(201);
        return api.read(created).get("id").asText();
    }
}
