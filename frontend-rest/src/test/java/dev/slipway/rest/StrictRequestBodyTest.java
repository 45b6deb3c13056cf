package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Tests that a misspelled body field, a fraction where a whole number belongs, or a wrong JSON type is rejected with
 * the field's name and creates nothing. Requests to unknown routes also get a problem document.
 */
@SpringBootTest(classes = RestTestApplication.class, properties = "spring.mvc.problemdetails.enabled=true")
@AutoConfigureMockMvc
class StrictRequestBodyTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    private RestApi api;

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
    }

    static Stream<Arguments> malformedFields() {
        return Stream.of(
                Arguments.of("contianerPort", 8080, "contianerPort", "is not a known field"),
                Arguments.of("containerPort", 8080.5, "containerPort", "must be a whole number"),
                Arguments.of("containerPort", "8080", "containerPort", "must be a whole number"),
                Arguments.of("memoryMegabytes", 1e3, "memoryMegabytes", "must be a whole number"),
                Arguments.of("readOnlyRootFilesystem", "yes", "readOnlyRootFilesystem", "must be true or false"),
                Arguments.of("readOnlyRootFilesystem", 1, "readOnlyRootFilesystem", "must be true or false"),
                Arguments.of("ref", 42, "ref", "must be a JSON string"),
                Arguments.of("privileged", true, "privileged", "is not a known field"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("malformedFields")
    void malformedFieldIsRejectedByName(String field, Object value, String expectedField,
                                                              String expectedRule) throws Exception {
        String name = RestApi.uniqueName();
        Map<String, Object> body = RestApi.applicationBody(name, "https://git.example.test/org/shop.git");
        body.put(field, value);

        MockHttpServletResponse response = api.postJson("/api/applications", body, "X-Slipway-User", "alice");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo(expectedField);
        assertThat(problem.get("rule").asText()).isEqualTo(expectedRule);
        assertThat(api.read(api.get("/api/applications")).findValuesAsText("name")).doesNotContain(name);
    }

    @Test
    void trailingContentRejectsBody() throws Exception {
        String name = RestApi.uniqueName();
        String body = json.writeValueAsString(RestApi.applicationBody(name, "https://git.example.test/a.git"))
                + " {\"name\":\"other\"}";

        MockHttpServletResponse response = api.postJson("/api/applications", body, "X-Slipway-User", "alice");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("field").asText()).isEqualTo("body");
        assertThat(api.read(api.get("/api/applications")).findValuesAsText("name")).doesNotContain(name);
    }

    @Test
    void fieldGivenTwiceRejectsBody() throws Exception {
        String name = RestApi.uniqueName();
        String body = json.writeValueAsString(RestApi.applicationBody(name, "https://git.example.test/a.git"))
                .replaceFirst("\\{", "{\"name\":\"" + name + "-first\",");

        MockHttpServletResponse response = api.postJson("/api/applications", body, "X-Slipway-User", "alice");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("field").asText()).isEqualTo("name");
        assertThat(api.read(response).get("rule").asText()).isEqualTo("must appear once in the body");
        assertThat(api.read(api.get("/api/applications")).findValuesAsText("name")).doesNotContain(name);
    }

    @Test
    void unknownRouteReturnsNotFoundProblem() throws Exception {
        MockHttpServletResponse response = api.get("/api/nothing-here");

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(api.read(response).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void unsupportedMethodReturns405Problem() throws Exception {
        MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders.put("/api/applications"))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Allow")).contains("GET");
    }
}
