package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class ApplicationEndpointsTest {

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
    void createThenListAndGetReturnApplication() throws Exception {
        String name = RestApi.uniqueName();
        Map<String, Object> body = RestApi.applicationBody(name, "https://git.example.test/org/shop.git");
        body.put("buildContext", "services/api");
        body.put("dockerfile", "docker/Dockerfile.prod");
        body.put("healthCheckPath", "/healthz");

        MockHttpServletResponse created = api.postJson("/api/applications", body, "X-Slipway-User", "alice");

        assertThat(created.getStatus()).isEqualTo(201);
        JsonNode application = api.read(created);
        String id = application.get("id").asText();
        assertThat(created.getHeader("Location")).isEqualTo("/api/applications/" + id);
        assertThat(application.get("name").asText()).isEqualTo(name);
        assertThat(application.get("repositoryUrl").asText()).isEqualTo("https://git.example.test/org/shop.git");
        assertThat(application.get("ref").asText()).isEqualTo("main");
        assertThat(application.get("buildContext").asText()).isEqualTo("services/api");
        assertThat(application.get("dockerfile").asText()).isEqualTo("docker/Dockerfile.prod");
        assertThat(application.get("containerPort").asInt()).isEqualTo(8080);
        assertThat(application.get("healthCheckPath").asText()).isEqualTo("/healthz");
        assertThat(application.get("createdBy").asText()).isEqualTo("user:alice");

        MockHttpServletResponse list = api.get("/api/applications");
        assertThat(list.getStatus()).isEqualTo(200);
        assertThat(api.read(list).findValuesAsText("id")).contains(id);

        MockHttpServletResponse single = api.get("/api/applications/" + id);
        assertThat(single.getStatus()).isEqualTo(200);
        assertThat(api.read(single)).isEqualTo(application);
    }

    @Test
    void getUnknownApplicationAnswersNotFoundProblem() throws Exception {
        String unknown = UUID.randomUUID().toString();

        MockHttpServletResponse response = api.get("/api/applications/" + unknown, "X-Correlation-Id", "lookup-1");

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = api.read(response);
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("detail").asText()).isEqualTo("Application '" + unknown + "' not found. Check the id.");
        assertThat(problem.get("correlationId").asText()).isEqualTo("lookup-1");
        assertNoInternals(response);
    }

    @Test
    void getUnknownAsHtmlAnswersProblem() throws Exception {
        MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders
                        .get("/api/applications/" + UUID.randomUUID())
                        .accept(MediaType.TEXT_HTML))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).doesNotContain("Whitelabel").doesNotContain("<html");
        assertNoInternals(response);
    }

    @Test
    void getMalformedIdNamesApplicationId() throws Exception {
        MockHttpServletResponse response = api.get("/api/applications/not-a-uuid");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo("applicationId");
        assertThat(problem.get("rule").asText()).contains("UUID");
        assertThat(problem.get("value").asText()).isEqualTo("not-a-uuid");
        assertNoInternals(response);
    }

    static Stream<Arguments> rejectedFields() {
        return Stream.of(
                Arguments.of("name", "My_App", "lower-case letters"),
                Arguments.of("repositoryUrl", "ext::sh -c true", ""),
                Arguments.of("repositoryUrl", "ext::git-remote-helper", "transport helpers"),
                Arguments.of("repositoryUrl", "--upload-pack=/bin/true", "'-'"),
                Arguments.of("ref", "-upload-pack=touch_x", "leading '-'"),
                Arguments.of("ref", "feature/a b", "no spaces"),
                Arguments.of("dockerfile", "../../../etc/passwd", "inside the repository"),
                Arguments.of("buildContext", "/etc", "inside the repository"),
                Arguments.of("healthCheckPath", "healthz", "start with '/'"),
                Arguments.of("containerPort", 0, "1 to 65535"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("rejectedFields")
    void createRejectsInvalidField(String field, Object value, String ruleText) throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), "https://git.example.test/o/r.git");
        body.put(field, value);

        assertRejected(body, field, ruleText);
    }

    @Test
    void createRejectsMissingFields() throws Exception {
        for (String field : List.of("name", "repositoryUrl", "ref", "containerPort")) {
            Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(),
                    "https://git.example.test/o/r.git");
            body.remove(field);

            assertRejected(body, field, "must not be empty");
        }
    }

    @Test
    void createNeverEchoesUrlToken() throws Exception {
        String url = "https://oauth2:TEST_TOKEN_123@git.example.test/org/repo.git";

        MockHttpServletResponse response = assertRejected(
                RestApi.applicationBody(RestApi.uniqueName(), url), "repositoryUrl", "credential");

        assertThat(response.getContentAsString()).doesNotContain("TEST_TOKEN_123");
    }

    @Test
    void createRejectsDuplicateName() throws Exception {
        String name = RestApi.uniqueName();
        MockHttpServletResponse first = api.postJson("/api/applications",
                RestApi.applicationBody(name, "https://git.example.test/o/r.git"));
        assertThat(first.getStatus()).isEqualTo(201);

        assertRejected(RestApi.applicationBody(name, "https://git.example.test/o/other.git"), "name", "unique");
    }

    @Test
    void createRejectsForbiddenTransport() throws Exception {
        assertRejected(RestApi.applicationBody(RestApi.uniqueName(), "http://git.internal.test:3000/org/repo.git"),
                "repositoryUrl", "http://");
    }

    @Test
    void createRejectsPortAsText() throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), "https://git.example.test/o/r.git");
        body.put("containerPort", "eighty");

        assertRejected(body, "containerPort", "whole number");
    }

    @Test
    void createRejectsMalformedJson() throws Exception {
        assertRejected("{\"name\": ", "body", "JSON object");
    }

    @Test
    void createRejectsInvalidUserHeader() throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), "https://git.example.test/o/r.git");

        assertRejected(body, "X-Slipway-User", "user name", "X-Slipway-User", "alice smith");
    }

    @Test
    void createAuditsCallerAndCorrelationId() throws Exception {
        String correlationId = RestApi.newCorrelationId();

        MockHttpServletResponse created = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), "https://git.example.test/o/r.git"),
                "X-Slipway-User", "alice", "X-Correlation-Id", correlationId);

        assertThat(created.getStatus()).isEqualTo(201);
        assertThat(created.getHeader("X-Correlation-Id")).isEqualTo(correlationId);
        String id = api.read(created).get("id").asText();
        JsonNode entries = api.read(api.get("/api/audit-events?resourceId=" + id));
        assertThat(entries).hasSize(1);
        JsonNode entry = entries.get(0);
        assertThat(entry.get("eventType").asText()).isEqualTo("ApplicationCreatedEvent");
        assertThat(entry.get("resourceId").asText()).isEqualTo(id);
        assertThat(entry.get("actor").asText()).isEqualTo("user:alice");
        assertThat(entry.get("correlationId").asText()).isEqualTo(correlationId);
        assertThat(entry.get("clientAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(entry.get("timestamp").asText()).isNotBlank();
    }

    @Test
    void requestWithInvalidCorrelationIdGetsNewOne() throws Exception {
        MockHttpServletResponse response = api.get("/api/applications", "X-Correlation-Id", "bad id; drop");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(UUID.fromString(response.getHeader("X-Correlation-Id"))).isNotNull();
    }

    private MockHttpServletResponse assertRejected(Object body, String field, String ruleText, String... headers)
            throws Exception {
        List<JsonNode> auditBefore = api.auditEntries();
        JsonNode applicationsBefore = api.read(api.get("/api/applications"));
        String correlationId = RestApi.newCorrelationId();
        String[] allHeaders = Stream.concat(Stream.of("X-Correlation-Id", correlationId), Stream.of(headers))
                .toArray(String[]::new);

        MockHttpServletResponse response = api.postJson("/api/applications", body, allHeaders);

        assertThat(response.getStatus()).as("status for %s", field).isEqualTo(400);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo(field);
        assertThat(problem.get("rule").asText()).contains(ruleText);
        assertThat(problem.get("correlationId").asText()).isEqualTo(correlationId);
        assertNoInternals(response);
        assertThat(api.auditEntries()).as("audit log after rejecting %s", field).isEqualTo(auditBefore);
        assertThat(api.read(api.get("/api/applications"))).isEqualTo(applicationsBefore);
        return response;
    }

    static void assertNoInternals(MockHttpServletResponse response) throws Exception {
        assertThat(response.getContentAsString())
                .doesNotContain("Exception")
                .doesNotContain("java.")
                .doesNotContain("dev.slipway")
                .doesNotContain("org.axonframework")
                .doesNotContain("\tat ")
                .doesNotContain("trace");
    }
}
