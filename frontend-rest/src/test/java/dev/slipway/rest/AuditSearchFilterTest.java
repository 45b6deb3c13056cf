package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Audit search with filter values that match nothing: an unknown value of a closed set is rejected with the accepted
 * values, and an id that matches nothing returns an empty page.
 */
@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class AuditSearchFilterTest {

    private static final String UNKNOWN_ID = "7b0c9a4e-1f2d-4c3b-9a8e-0d1c2b3a4f5e";

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    private RestApi api;

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/audit-events/search", "/api/audit-events/export"})
    void unknownEventTypeIsRejected(String route) throws Exception {
        MockHttpServletResponse response = api.get(route + "?eventType=DeploymentRequested",
                "X-Slipway-User", "alice");

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo("eventType");
        assertThat(problem.get("rule").asText()).contains("DeploymentRequestedEvent");
        assertThat(problem.get("rule").asText()).contains("ApplicationCreatedEvent");
        assertThat(problem.get("rule").asText()).doesNotContain("StoredEvent");
    }

    @Test
    void unknownActorKindIsRejected() throws Exception {
        MockHttpServletResponse response = api.get("/api/audit-events/search?actor=robot:alice",
                "X-Slipway-User", "alice");

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo("actor");
        assertThat(problem.get("rule").asText()).contains("'engine'").contains("'user:<name>'")
                .contains("'token:<id>'");
    }

    @Test
    void unknownParameterIsRejected() throws Exception {
        MockHttpServletResponse response = api.get("/api/audit-events/search?evenType=ApplicationCreatedEvent",
                "X-Slipway-User", "alice");

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo("evenType");
        assertThat(problem.get("rule").asText()).contains("eventType");
    }

    @Test
    void unusualParameterNameIsReportedAsValue() throws Exception {
        MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders.get("/api/audit-events/search")
                .param("filter[eventType]", "1").header("X-Slipway-User", "alice")).andReturn().getResponse();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(400);
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo("parameter");
        assertThat(problem.get("value").asText()).isEqualTo("filter[eventType]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"resourceId=" + UNKNOWN_ID, "resourceId=not-an-id", "team=" + UNKNOWN_ID,
            "team=not-a-team", "actor=user:nobody", "actor=token:" + UNKNOWN_ID})
    void unmatchedIdReturnsEmptyPage(String query) throws Exception {
        MockHttpServletResponse response = api.get("/api/audit-events/search?" + query, "X-Slipway-User", "alice");

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        JsonNode page = api.read(response);
        assertThat(page.get("entries")).isEmpty();
        assertThat(page.get("hasNextPage").asBoolean()).isFalse();
    }

    @Test
    void knownEventTypeIsAccepted() throws Exception {
        MockHttpServletResponse response = api.get("/api/audit-events/search?eventType=TeamCreatedEvent",
                "X-Slipway-User", "alice");

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
    }
}
