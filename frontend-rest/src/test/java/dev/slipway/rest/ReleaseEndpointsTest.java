package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Rollback, image retention, health check input and step times over REST. Deployments use repositories that do not
 * exist; rollbacks that run on Docker are covered by the embedding sample's tests.
 */
@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class ReleaseEndpointsTest {

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
    void rollbackToUnknownDeploymentIsRejectedWithoutEvent() throws Exception {
        String creation = RestApi.newCorrelationId();
        MockHttpServletResponse created = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), missingRepository()), "X-Slipway-User", "alice",
                "X-Correlation-Id", creation);
        assertThat(created.getStatus()).as("creation: %s", created.getContentAsString()).isEqualTo(201);
        String applicationId = api.read(created).get("id").asText();
        String rollback = RestApi.newCorrelationId();

        MockHttpServletResponse response = api.postJson("/api/applications/" + applicationId + "/rollbacks",
                Map.of("deploymentId", UUID.randomUUID().toString()), "X-Slipway-User", "alice",
                "X-Correlation-Id", rollback);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("field").asText()).isEqualTo("deploymentId");
        // Deployments of other tests in this context may store events meanwhile, so the entries are picked by
        // their request's correlation id. The creation's entry shows that the filter finds stored requests.
        List<JsonNode> entries = api.auditEntries();
        assertThat(entries).filteredOn(entry -> creation.equals(entry.path("correlationId").asText())).hasSize(1);
        assertThat(entries).filteredOn(entry -> rollback.equals(entry.path("correlationId").asText())).isEmpty();
    }

    @Test
    void rollbackWithoutDeploymentIdIsRejected() throws Exception {
        String applicationId = createApplication(null);

        MockHttpServletResponse response = api.postJson("/api/applications/" + applicationId + "/rollbacks",
                Map.of(), "X-Slipway-User", "alice");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("field").asText()).isEqualTo("deploymentId");
    }

    @Test
    void rollbackOfUnknownApplicationAnswersNotFound() throws Exception {
        MockHttpServletResponse response = api.postJson("/api/applications/" + UUID.randomUUID() + "/rollbacks",
                Map.of("deploymentId", UUID.randomUUID().toString()), "X-Slipway-User", "alice");

        assertThat(response.getStatus()).isEqualTo(404);
    }

    @Test
    void imageRetentionIsSetAndRangeChecked() throws Exception {
        String path = "/api/applications/" + createApplication(null) + "/image-retention";

        MockHttpServletResponse accepted = put(path, "{\"keptImages\":5}");
        MockHttpServletResponse rejected = put(path, "{\"keptImages\":0}");

        assertThat(accepted.getStatus()).isEqualTo(200);
        assertThat(api.read(accepted).get("keptImages").asInt()).isEqualTo(5);
        assertThat(rejected.getStatus()).isEqualTo(400);
        assertThat(api.read(rejected).get("field").asText()).isEqualTo("keptImages");
    }

    @Test
    void domainsWithoutProxyAreRejected() throws Exception {
        String path = "/api/applications/" + createApplication(null) + "/domains";

        MockHttpServletResponse withoutProxy = put(path, "{\"domains\":[\"shop.example.test\"]}");
        MockHttpServletResponse missing = put(path, "{}");
        MockHttpServletResponse malformed = put(path, "{\"domains\":[\"shop example\"]}");
        MockHttpServletResponse none = put(path, "{\"domains\":[]}");

        assertThat(withoutProxy.getStatus()).isEqualTo(400);
        assertThat(api.read(withoutProxy).get("field").asText()).isEqualTo("domains");
        assertThat(api.read(withoutProxy).get("detail").asText()).contains("slipway.proxy.enabled=true");
        assertThat(missing.getStatus()).isEqualTo(400);
        assertThat(api.read(missing).get("field").asText()).isEqualTo("domains");
        assertThat(malformed.getStatus()).isEqualTo(400);
        assertThat(api.read(malformed).get("field").asText()).isEqualTo("domains");
        assertThat(none.getStatus()).isEqualTo(200);
        assertThat(api.read(none).get("runtime").get("domains")).isEmpty();
    }

    @Test
    void domainsOfUnknownApplicationAreNotFound() throws Exception {
        MockHttpServletResponse response = put("/api/applications/" + UUID.randomUUID() + "/domains",
                "{\"domains\":[]}");

        assertThat(response.getStatus()).isEqualTo(404);
    }

    @Test
    void healthCheckWithDotSegmentIsRejected() throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), missingRepository());
        body.put("healthCheck", Map.of("path", "/status/../admin", "expectedStatus", 204));

        MockHttpServletResponse response = api.postJson("/api/applications", body, "X-Slipway-User", "alice");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("field").asText()).isEqualTo("healthCheck.path");
    }

    @Test
    void healthCheckFieldsAreAccepted() throws Exception {
        String applicationId = createApplication(Map.of("path", "/ready", "expectedStatus", 204,
                "intervalMillis", 250, "timeoutMillis", 1000, "retries", 3, "startPeriodMillis", 5000));

        JsonNode application = api.read(api.get("/api/applications/" + applicationId));

        assertThat(application.get("healthCheckPath").asText()).isEqualTo("/ready");
    }

    @Test
    void failedStepShowsStartEndAndDuration() throws Exception {
        String applicationId = createApplication(null);
        String deploymentId = api.read(api.post("/api/applications/" + applicationId + "/deployments")).get("id")
                .asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId)).get("status").asText(),
                        "FAILED"::equals);

        JsonNode step = api.read(api.get("/api/deployments/" + deploymentId)).get("steps").get(0);

        assertThat(step.get("step").asText()).isEqualTo("RESOLVE_COMMIT");
        Instant startedAt = Instant.parse(step.get("startedAt").asText());
        Instant finishedAt = Instant.parse(step.get("finishedAt").asText());
        assertThat(finishedAt).isAfterOrEqualTo(startedAt);
        assertThat(step.get("durationMillis").asLong()).isEqualTo(Duration.between(startedAt, finishedAt).toMillis());
    }

    private MockHttpServletResponse put(String path, String body) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.put(path).contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-Slipway-User", "alice")).andReturn().getResponse();
    }

    private String createApplication(Map<String, Object> healthCheck) throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), missingRepository());
        if (healthCheck != null) {
            body.put("healthCheck", healthCheck);
        }
        MockHttpServletResponse created = api.postJson("/api/applications", body, "X-Slipway-User", "alice");
        assertThat(created.getStatus()).as("creation: %s", created.getContentAsString()).isEqualTo(201);
        return api.read(created).get("id").asText();
    }

    private static String missingRepository() {
        return "file:///tmp/slipway-missing-" + UUID.randomUUID();
    }
}
