package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** Cancel and idempotent deployment requests over REST; deployments use repositories that do not exist. */
@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class DeploymentCancelEndpointsTest {

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
    void repeatedIdempotencyKeyReturnsFirstDeployment() throws Exception {
        String applicationId = createApplication();
        String path = "/api/applications/" + applicationId + "/deployments";

        MockHttpServletResponse first = api.post(path, "Idempotency-Key", "build-4711");
        MockHttpServletResponse second = api.post(path, "Idempotency-Key", "build-4711");

        assertThat(first.getStatus()).isEqualTo(202);
        assertThat(second.getStatus()).isEqualTo(202);
        assertThat(api.read(second).get("id")).isEqualTo(api.read(first).get("id"));
        assertThat(api.read(api.get(path)).findValuesAsText("id")).hasSize(1);
    }

    @Test
    void malformedIdempotencyKeyIsRejectedWithoutEvent() throws Exception {
        String applicationId = createApplication();
        String path = "/api/applications/" + applicationId + "/deployments";
        // Deployments of other tests in this context store events in the background, so only this application's
        // entries are compared.
        List<JsonNode> auditBefore = entriesOf(applicationId);

        MockHttpServletResponse response = api.post(path, "Idempotency-Key", "key with spaces");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("field").asText()).isEqualTo("idempotencyKey");
        assertThat(entriesOf(applicationId)).isEqualTo(auditBefore);
        assertThat(api.read(api.get(path)).findValuesAsText("id")).isEmpty();
    }

    private List<JsonNode> entriesOf(String resourceId) throws Exception {
        return api.auditEntries().stream()
                .filter(entry -> resourceId.equals(entry.get("resourceId").asText()))
                .toList();
    }

    @Test
    void cancelOfEndedDeploymentAnswersConflict() throws Exception {
        String applicationId = createApplication();
        String deploymentId = api.read(api.post("/api/applications/" + applicationId + "/deployments")).get("id")
                .asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId)).get("status").asText(),
                        "FAILED"::equals);

        MockHttpServletResponse response = api.post("/api/deployments/" + deploymentId + "/cancel",
                "X-Slipway-User", "alice");

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(api.read(response).get("detail").asText()).contains(deploymentId).contains("already ended");
    }

    @Test
    void cancelOfUnknownDeploymentAnswersNotFound() throws Exception {
        String unknown = UUID.randomUUID().toString();

        MockHttpServletResponse response = api.post("/api/deployments/" + unknown + "/cancel");

        assertThat(response.getStatus()).isEqualTo(404);
    }

    private String createApplication() throws Exception {
        MockHttpServletResponse created = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), "file:///tmp/slipway-missing-" + UUID.randomUUID()),
                "X-Slipway-User", "alice");
        assertThat(created.getStatus()).as("creation: %s", created.getContentAsString()).isEqualTo(201);
        return api.read(created).get("id").asText();
    }
}
