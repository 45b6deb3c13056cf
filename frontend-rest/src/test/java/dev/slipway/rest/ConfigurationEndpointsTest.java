package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testsupport.ConfiguredApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class ConfigurationEndpointsTest {

    private static final String TEST_KEY = "-----BEGIN TEST KEY-----\nQUJDRA/EFG+\n-----END TEST KEY-----\n";
    private static final Map<String, String> CASE_VALUES = caseValues();

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
    void caseValuesArriveExactInContainerAcrossChanges() throws Exception {
        applicationId = createApplication(ConfiguredApp.createRepository(repository));
        for (Map.Entry<String, String> variable : CASE_VALUES.entrySet()) {
            assertThat(put("/environment/" + variable.getKey(), variable.getValue()).getStatus()).isEqualTo(200);
        }
        put("/environment/APP_NAME", "This is an app");
        JsonNode configuration = api.read(put("/build-arguments/GREETING", "hello big world"));

        assertThat(configuration.get("version").asLong()).isEqualTo(CASE_VALUES.size() + 2);
        for (Map.Entry<String, String> variable : CASE_VALUES.entrySet()) {
            assertThat(configuration.get("environment").get(variable.getKey()).asText())
                    .as(variable.getKey()).isEqualTo(variable.getValue());
        }
        JsonNode first = deployAndAwaitSuccess();
        Map<String, String> firstEnvironment = docker.environment(first.get("containerId").asText());
        for (Map.Entry<String, String> variable : CASE_VALUES.entrySet()) {
            assertThat(firstEnvironment.get(variable.getKey())).as(variable.getKey()).isEqualTo(variable.getValue());
        }
        assertThat(firstEnvironment.get("APP_NAME")).isEqualTo("This is an app");
        assertThat(docker.greeting(first.get("containerId").asText())).isEqualTo("hello big world");

        put("/environment/APP_NAME", "v2");
        JsonNode second = deployAndAwaitSuccess();
        assertThat(docker.environment(second.get("containerId").asText()).get("APP_NAME")).isEqualTo("v2");

        JsonNode removed = api.read(delete("/environment/APP_NAME"));
        assertThat(removed.get("environment").has("APP_NAME")).isFalse();
        JsonNode third = deployAndAwaitSuccess();
        assertThat(docker.environment(third.get("containerId").asText())).doesNotContainKey("APP_NAME");

        long firstVersion = deploymentConfiguration(first).get("version").asLong();
        assertThat(deploymentConfiguration(second).get("version").asLong()).isEqualTo(firstVersion + 1);
        assertThat(deploymentConfiguration(third).get("version").asLong()).isEqualTo(firstVersion + 2);
        assertThat(deploymentConfiguration(first).get("environment").get("APP_NAME").asText())
                .isEqualTo("This is an app");
        assertThat(deploymentConfiguration(second).get("environment").get("APP_NAME").asText()).isEqualTo("v2");
        assertThat(deploymentConfiguration(third).get("environment").has("APP_NAME")).isFalse();
    }

    @Test
    void valueWithNulIsRejectedWithoutEvent() throws Exception {
        applicationId = createApplication("file:///tmp/slipway-missing-" + UUID.randomUUID());
        List<JsonNode> auditBefore = api.auditEntries();

        // Words that no UUID or hex id in the response can contain, so the check below finds only an echoed value.
        MockHttpServletResponse response = put("/environment/TOKEN", "left-word\0right-word");

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo("value");
        assertThat(problem.get("rule").asText()).contains("NUL");
        assertThat(response.getContentAsString()).doesNotContain("left-word").doesNotContain("right-word");
        assertThat(api.auditEntries()).isEqualTo(auditBefore);
    }

    @Test
    void lineBreakInNameIsRejectedByFirewall() throws Exception {
        applicationId = createApplication("file:///tmp/slipway-missing-" + UUID.randomUUID());
        List<JsonNode> auditBefore = api.auditEntries();

        MockHttpServletResponse environment = put("/environment/{name}", "x", "A\nB");

        assertThat(environment.getStatus()).isEqualTo(400);
        assertThat(api.read(environment).get("detail").asText()).startsWith("Invalid path: must not contain");
        assertThat(api.read(environment).get("field").asText()).isEqualTo("path");
        assertThat(api.auditEntries()).isEqualTo(auditBefore);
        assertThat(api.read(api.get(path("/configuration"))).get("version").asLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A B", "1X", "-e", "A=B"})
    void invalidNameIsRejectedWithoutEvent(String name) throws Exception {
        applicationId = createApplication("file:///tmp/slipway-missing-" + UUID.randomUUID());
        List<JsonNode> auditBefore = api.auditEntries();

        MockHttpServletResponse environment = put("/environment/{name}", "x", name);
        MockHttpServletResponse buildArgument = put("/build-arguments/{name}", "x", name);

        assertThat(environment.getStatus()).isEqualTo(400);
        assertThat(api.read(environment).get("field").asText()).isEqualTo("name");
        assertThat(api.read(environment).get("rule").asText()).contains("starting with a letter or '_'");
        assertThat(buildArgument.getStatus()).isEqualTo(400);
        assertThat(api.read(buildArgument).get("field").asText()).isEqualTo("name");
        assertThat(api.auditEntries()).isEqualTo(auditBefore);
        assertThat(api.read(api.get(path("/configuration"))).get("version").asLong()).isZero();
    }

    @Test
    void setOnUnknownApplicationAnswersNotFound() throws Exception {
        applicationId = null;
        String unknown = UUID.randomUUID().toString();

        MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders
                .put("/api/applications/" + unknown + "/environment/A").contentType(MediaType.APPLICATION_JSON)
                .content("{\"value\":\"x\"}")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(api.read(response).get("detail").asText())
                .isEqualTo("Application '" + unknown + "' not found. Check the id.");
    }

    private JsonNode deployAndAwaitSuccess() throws Exception {
        MockHttpServletResponse accepted = api.post(path("/deployments"), "X-Slipway-User", "alice");
        assertThat(accepted.getStatus()).as("deploy: %s", accepted.getContentAsString()).isEqualTo(202);
        String deploymentId = api.read(accepted).get("id").asText();
        JsonNode finished = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId)),
                        deployment -> List.of("SUCCEEDED", "FAILED").contains(deployment.get("status").asText()));
        assertThat(finished.get("status").asText()).as("deployment: %s", finished).isEqualTo("SUCCEEDED");
        return finished;
    }

    private JsonNode deploymentConfiguration(JsonNode deployment) throws Exception {
        return api.read(api.get("/api/deployments/" + deployment.get("id").asText() + "/configuration"));
    }

    private String createApplication(String repositoryUrl) throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), repositoryUrl);
        body.put("healthCheckPath", "/health");
        MockHttpServletResponse created = api.postJson("/api/applications", body, "X-Slipway-User", "alice");
        assertThat(created.getStatus()).as("creation: %s", created.getContentAsString()).isEqualTo(201);
        return docker.removeAfterTest(api.read(created).get("id").asText());
    }

    private MockHttpServletResponse put(String pathTemplate, String value, Object... variables) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.put(path(pathTemplate), variables)
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("X-Slipway-User", "alice")
                        .content(json.writeValueAsString(Map.of("value", value))))
                .andReturn().getResponse();
    }

    private MockHttpServletResponse delete(String pathTemplate) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.delete(path(pathTemplate)).header("X-Slipway-User", "alice"))
                .andReturn().getResponse();
    }

    private String path(String suffix) {
        return "/api/applications/" + applicationId + suffix;
    }

    private static Map<String, String> caseValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("DB_PASSWORD", "p4ss$word$$end$");
        values.put("CSP_MEDIA_SRC", "array:'self',blob:,https://*");
        values.put("TEST_KEY", TEST_KEY);
        values.put("CONNECTION", "Server=db;User Id=app;Password=123#abc;");
        values.put("PW", "pa$$word");
        values.put("CFG", "{\"val\":{\"a\":1}}");
        return values;
    }
}
