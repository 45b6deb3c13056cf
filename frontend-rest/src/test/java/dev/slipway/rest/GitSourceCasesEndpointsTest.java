package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testsupport.HardenedApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class GitSourceCasesEndpointsTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    private RestApi api;
    @RegisterExtension
    final HardenedApp docker = HardenedApp.connect();

    @TempDir
    Path temp;

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
    }

    @Test
    void deployResolvesBranchNamesExactly() throws Exception {
        Map<String, String> repository = HardenedApp.createRepositoryWithBranches(temp.resolve("repo"));
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), repository.get("url"));
        body.put("ref", "master");
        body.put("healthCheckPath", "/health");
        String applicationId = create(body);

        for (String ref : List.of("master", "#SIG-38-compose", "release/v2026.410.0")) {
            JsonNode deployment = deployAt(applicationId, ref);

            assertThat(deployment.get("status").asText()).as("status at %s: %s", ref, deployment)
                    .isEqualTo("SUCCEEDED");
            assertThat(deployment.get("ref").asText()).isEqualTo(ref);
            assertThat(deployment.get("commit").asText()).as("commit of %s", ref).isEqualTo(repository.get(ref));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh://git@git.example.test:2222/org/repo.git", "git@git.example.test:org/repo.git"})
    void createKeepsSshUrlExactly(String url) throws Exception {
        String applicationId = create(RestApi.applicationBody(RestApi.uniqueName(), url));

        JsonNode application = api.read(api.get("/api/applications/" + applicationId));

        assertThat(application.get("repositoryUrl").asText()).isEqualTo(url);
    }

    @Test
    void createRejectsHttpUrlWithoutChangingIt() throws Exception {
        String url = "http://git.internal.test:3000/org/repo.git";
        List<JsonNode> auditBefore = api.auditEntries();

        MockHttpServletResponse response = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), url));

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo("repositoryUrl");
        assertThat(problem.get("value").asText()).isEqualTo(url);
        assertThat(problem.get("rule").asText()).contains("http:// is switched off");
        assertThat(api.auditEntries()).isEqualTo(auditBefore);
    }

    @Test
    void createHidesUrlTokenEverywhere() throws Exception {
        String url = "https://oauth2:TEST_TOKEN_123@git.example.test/org/repo.git";
        List<JsonNode> auditBefore = api.auditEntries();

        MockHttpServletResponse response = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), url));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("rule").asText()).contains("repository credential");
        assertThat(response.getContentAsString()).doesNotContain("TEST_TOKEN_123");
        assertThat(api.auditEntries()).isEqualTo(auditBefore);
        assertThat(api.get("/api/audit-events?limit=1000").getContentAsString()).doesNotContain("TEST_TOKEN_123");
        assertThat(api.get("/api/applications").getContentAsString()).doesNotContain("TEST_TOKEN_123");
    }

    private String create(Map<String, Object> body) throws Exception {
        MockHttpServletResponse created = api.postJson("/api/applications", body);
        assertThat(created.getStatus()).as("creation: %s", created.getContentAsString()).isEqualTo(201);
        String id = api.read(created).get("id").asText();
        docker.removeAfterTest(id);
        return id;
    }

    private JsonNode deployAt(String applicationId, String ref) throws Exception {
        MockHttpServletResponse accepted = api.postJson("/api/applications/" + applicationId + "/deployments",
                Map.of("ref", ref));
        assertThat(accepted.getStatus()).as("deploy: %s", accepted.getContentAsString()).isEqualTo(202);
        String deploymentId = api.read(accepted).get("id").asText();
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId)),
                        deployment -> List.of("SUCCEEDED", "FAILED").contains(deployment.get("status").asText()));
    }
}
