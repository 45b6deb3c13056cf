package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.access.AccessRules;
import dev.slipway.core.access.AccessSettings;
import dev.slipway.core.access.Role;
import dev.slipway.core.team.TeamProjection;
import dev.slipway.web.CorrelationIdFilter;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.ErrorTranslator;
import dev.slipway.web.RequestContextResolver;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * Covers the engine failure that no real component produces on cue: a read model replay that breaks with an
 * internal message.
 */
class ProblemDetailsAdviceTest {

    private final RequestContextResolver resolver = new RequestContextResolver();
    private final EngineGateway brokenEngine = new EngineGateway(null, null, () -> {
        throw new IllegalStateException("token store at jdbc:h2:/var/lib/slipway failed, password=TEST_TOKEN_123");
    }, new AccessRules(new AccessSettings("shared", Role.ADMIN), new TeamProjection(), id -> Optional.empty()));
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ReadModelController(brokenEngine, resolver))
            .setControllerAdvice(new ProblemDetailsAdvice(new ErrorTranslator(), resolver))
            .addFilters(new CorrelationIdFilter(resolver))
            .build();

    @Test
    void engineFailureShowsOnlyCorrelationId() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/read-models/replay")
                        .accept(MediaType.APPLICATION_JSON)
                        .header("X-Correlation-Id", "replay-7"))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = new ObjectMapper().readTree(response.getContentAsString());
        assertThat(problem.get("correlationId").asText()).isEqualTo("replay-7");
        assertThat(problem.get("detail").asText()).contains("replay-7");
        assertThat(problem.has("field")).isFalse();
        assertThat(response.getContentAsString())
                .doesNotContain("TEST_TOKEN_123")
                .doesNotContain("jdbc")
                .doesNotContain("IllegalStateException");
        ApplicationEndpointsTest.assertNoInternals(response);
    }
}
