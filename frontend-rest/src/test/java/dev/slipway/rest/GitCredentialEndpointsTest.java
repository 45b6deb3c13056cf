package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class GitCredentialEndpointsTest {

    private static final String TOKEN = "TEST_TOKEN_123_rest";

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
    void setTokenReturnsMaskOnly(CapturedOutput output) throws Exception {
        String applicationId = create("https://git.example.test/org/app.git");

        MockHttpServletResponse response = put(applicationId,
                Map.of("kind", "HTTPS_TOKEN", "username", "oauth2", "token", TOKEN));

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = api.read(response);
        assertThat(body.get("kind").asText()).isEqualTo("HTTPS_TOKEN");
        assertThat(body.get("username").asText()).isEqualTo("oauth2");
        assertThat(body.get("secret").asText()).isEqualTo("********");
        assertThat(response.getContentAsString()).doesNotContain(TOKEN);
        assertThat(api.get("/api/audit-events?limit=1000").getContentAsString()).doesNotContain(TOKEN);
        assertThat(api.get("/api/applications/" + applicationId).getContentAsString()).doesNotContain(TOKEN);
        assertThat(output.getAll()).doesNotContain(TOKEN);
    }

    @Test
    void removeCredentialAnswersNoContent() throws Exception {
        String applicationId = create("https://git.example.test/org/app.git");
        put(applicationId, Map.of("kind", "HTTPS_TOKEN", "username", "oauth2", "token", TOKEN));

        MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders
                .delete("/api/applications/" + applicationId + "/git-credential")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(204);
    }

    @Test
    void shortTokenIsRejectedWithoutEcho() throws Exception {
        String applicationId = create("https://git.example.test/org/app.git");

        MockHttpServletResponse response = put(applicationId,
                Map.of("kind", "HTTPS_TOKEN", "username", "oauth2", "token", "abc123"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("token");
        assertThat(response.getContentAsString()).contains("at least 8 characters");
        assertThat(response.getContentAsString()).doesNotContain("abc123");
    }

    @Test
    void sshKeyForHttpsRepositoryIsRejected() throws Exception {
        String applicationId = create("https://git.example.test/org/app.git");

        MockHttpServletResponse response = put(applicationId, Map.of("kind", "SSH_KEY",
                "privateKey", "-----BEGIN RSA PRIVATE KEY-----\nQUJDREVGR0g=\n-----END RSA PRIVATE KEY-----\n",
                "knownHosts", "git.example.test ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("an SSH key needs an ssh:// or user@host:path");
        assertThat(response.getContentAsString()).doesNotContain("QUJDREVGR0g=");
    }

    @Test
    void unknownKindIsRejected() throws Exception {
        String applicationId = create("https://git.example.test/org/app.git");

        MockHttpServletResponse response = put(applicationId, Map.of("kind", "PASSWORD", "token", TOKEN));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("must be HTTPS_TOKEN or SSH_KEY");
        assertThat(response.getContentAsString()).doesNotContain(TOKEN);
    }

    @Test
    void unknownApplicationIsNotFound() throws Exception {
        MockHttpServletResponse response = put("9b0c1f7e-6d8a-4c52-9e3b-2f1a0d4c5e6f",
                Map.of("kind", "HTTPS_TOKEN", "username", "oauth2", "token", TOKEN));

        assertThat(response.getStatus()).isEqualTo(404);
    }

    @Test
    void tokenInRepositoryUrlIsRejectedWithHint() throws Exception {
        MockHttpServletResponse response = api.postJson("/api/applications", RestApi.applicationBody(
                RestApi.uniqueName(), "https://oauth2:" + TOKEN + "@git.example.test/org/repo.git"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("store them as a repository credential");
        assertThat(response.getContentAsString()).doesNotContain(TOKEN);
    }

    private String create(String url) throws Exception {
        MockHttpServletResponse response = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), url));
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        return api.read(response).get("id").asText();
    }

    private MockHttpServletResponse put(String applicationId, Map<String, String> body) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.put("/api/applications/" + applicationId + "/git-credential")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body))).andReturn().getResponse();
    }
}
