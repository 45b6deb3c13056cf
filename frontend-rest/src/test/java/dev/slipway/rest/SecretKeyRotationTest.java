package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testsupport.ConfiguredApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class SecretKeyRotationTest {

    private static final String API_KEY = "sk_test_PLACEHOLDER_987";

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    private RestApi api;
    @RegisterExtension
    final ConfiguredApp docker = ConfiguredApp.connect();
    private String applicationId;

    @TempDir
    Path repository;

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
    }

    @Test
    void rotatedSecretStillReachesContainer() throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(),
                ConfiguredApp.createRepository(repository));
        body.put("healthCheckPath", "/health");
        applicationId = api.read(api.postJson("/api/applications", body, "X-Slipway-User", "alice")).get("id")
                .asText();
        docker.removeAfterTest(applicationId);
        JsonNode before = api.read(mvc.perform(MockMvcRequestBuilders
                        .put("/api/applications/" + applicationId + "/secrets/API_KEY")
                        .contentType(MediaType.APPLICATION_JSON).header("X-Slipway-User", "alice")
                        .content(json.writeValueAsString(Map.of("value", API_KEY))))
                .andReturn().getResponse());

        MockHttpServletResponse rotated = api.post("/api/applications/" + applicationId + "/secret-key/rotation",
                "X-Slipway-User", "alice");

        assertThat(rotated.getStatus()).as("rotation: %s", rotated.getContentAsString()).isEqualTo(200);
        JsonNode secretBefore = before.get("secrets").get(0);
        JsonNode secretAfter = api.read(rotated).get("secrets").get(0);
        assertThat(secretAfter.get("keyId").asLong()).isNotEqualTo(secretBefore.get("keyId").asLong());
        assertThat(secretAfter.get("version").asLong()).isEqualTo(1);
        assertThat(api.read(rotated).get("version").asLong()).isEqualTo(before.get("version").asLong() + 1);

        String deploymentId = api.read(api.post("/api/applications/" + applicationId + "/deployments",
                "X-Slipway-User", "alice")).get("id").asText();
        JsonNode finished = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId)),
                        view -> List.of("SUCCEEDED", "FAILED").contains(view.get("status").asText()));
        assertThat(finished.get("status").asText()).as("deployment: %s", finished).isEqualTo("SUCCEEDED");
        assertThat(docker.environment(finished.get("containerId").asText())).containsEntry("API_KEY", API_KEY);
    }

    @Test
    void deleteApplicationShowsSecretsDestroyed() throws Exception {
        applicationId = api.read(api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), "file:///tmp/slipway-missing-deleted-repository"),
                "X-Slipway-User", "alice")).get("id").asText();
        docker.removeAfterTest(applicationId);
        mvc.perform(MockMvcRequestBuilders.put("/api/applications/" + applicationId + "/secrets/API_KEY")
                .contentType(MediaType.APPLICATION_JSON).header("X-Slipway-User", "alice")
                .content(json.writeValueAsString(Map.of("value", API_KEY))));

        MockHttpServletResponse deleted = mvc.perform(MockMvcRequestBuilders
                .delete("/api/applications/" + applicationId).header("X-Slipway-User", "alice"))
                .andReturn().getResponse();

        assertThat(deleted.getStatus()).as("delete: %s", deleted.getContentAsString()).isEqualTo(200);
        JsonNode secret = api.read(deleted).get("secrets").get(0);
        assertThat(secret.get("name").asText()).isEqualTo("API_KEY");
        assertThat(secret.get("destroyed").asBoolean()).isTrue();
        assertThat(api.get("/api/applications/" + applicationId).getStatus()).isEqualTo(404);
        assertThat(Files.exists(Path.of("target", "slipway-keys", applicationId + ".keyset"))).isFalse();
        assertThat(Files.exists(Path.of("target", "slipway-keys", applicationId + ".destroyed"))).isTrue();
        MockHttpServletResponse setAgain = mvc.perform(MockMvcRequestBuilders
                        .put("/api/applications/" + applicationId + "/secrets/API_KEY")
                        .contentType(MediaType.APPLICATION_JSON).header("X-Slipway-User", "alice")
                        .content(json.writeValueAsString(Map.of("value", API_KEY))))
                .andReturn().getResponse();
        assertThat(setAgain.getStatus()).isEqualTo(404);
        assertThat(setAgain.getContentAsString()).doesNotContain(API_KEY);
    }
}
