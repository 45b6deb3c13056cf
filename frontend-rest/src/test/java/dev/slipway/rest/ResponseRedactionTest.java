package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.secret.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
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
 * Forces a known secret value into API output through other fields, and checks that the JSON responses mask it: a
 * configuration read and an error body.
 */
@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class ResponseRedactionTest {

    private static final String SECRET = "sk_test_PLACEHOLDER_response_42";
    private static final String USER = "X-Slipway-User";
    private static final String BASE64 = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    private RestApi api;
    private String applicationId;

    @BeforeEach
    void createApplicationWithSecret() throws Exception {
        api = new RestApi(mvc, json);
        MockHttpServletResponse created = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), "https://git.example.test/org/app.git"));
        applicationId = api.read(created).get("id").asText();
        assertThat(put("/secrets/API_KEY", SECRET).getStatus()).isEqualTo(200);
    }

    @Test
    void secretCopiedIntoVariableIsMaskedInResponses() throws Exception {
        MockHttpServletResponse set = put("/environment/NOTE", "copied " + SECRET + " and " + BASE64);
        MockHttpServletResponse read = api.get("/api/applications/" + applicationId + "/configuration");

        assertThat(set.getStatus()).isEqualTo(200);
        assertThat(set.getContentAsString()).doesNotContain(SECRET).doesNotContain(BASE64);
        assertThat(read.getContentAsString()).doesNotContain(SECRET).doesNotContain(BASE64);
        assertThat(api.read(read).toString()).contains("copied ******** and ********");
    }

    @Test
    void secretEchoedInErrorIsMasked() throws Exception {
        MockHttpServletResponse response = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), "https://git.example.test/" + SECRET + " x"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).doesNotContain(SECRET);
    }

    @Test
    void otherTeamsSecretIsNotMasked() throws Exception {
        String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        String outsider = "outsider-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "sk_test_PLACEHOLDER_team_" + UUID.randomUUID().toString().substring(0, 8);
        String team = api.read(api.postJson("/api/teams", Map.of("name", "masked"), USER, owner)).get("id").asText();
        Map<String, Object> body = new HashMap<>(RestApi.applicationBody(RestApi.uniqueName(),
                "https://git.example.test/org/app.git"));
        body.put("teamId", team);
        String teamApplication = api.read(api.postJson("/api/applications", body, USER, owner)).get("id").asText();
        MockHttpServletResponse stored = mvc.perform(MockMvcRequestBuilders
                .put("/api/applications/" + teamApplication + "/secrets/TOKEN").header(USER, owner)
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(Map.of("value", secret))))
                .andReturn().getResponse();
        Map<String, Object> guess = RestApi.applicationBody(RestApi.uniqueName(),
                "https://git.example.test/" + secret + " x");

        String ofOutsider = api.postJson("/api/applications", guess, USER, outsider).getContentAsString();
        String ofOwner = api.postJson("/api/applications", guess, USER, owner).getContentAsString();

        assertThat(stored.getStatus()).isEqualTo(200);
        assertThat(ofOutsider).contains(secret);
        assertThat(ofOwner).doesNotContain(secret).contains(Redactor.MASK);
    }

    private MockHttpServletResponse put(String path, String value) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.put("/api/applications/" + applicationId + path)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("value", value)))).andReturn().getResponse();
    }
}
