package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tests over real HTTP that the GraphQL endpoint, which reads no query parameters, rejects a parameter name with a
 * control character as the REST routes do. The response is 400 with a problem document, and the log has one
 * warning. Neither repeats the name.
 */
@SpringBootTest(classes = GraphQlTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class FirewallRejectionGraphQlTest {

    private static final String NAME_TEXT = "leakcheck";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    private int port;

    @Test
    void controlCharacterInParameterName(CapturedOutput output) throws Exception {
        String correlationId = "firewall-" + UUID.randomUUID();
        int logStart = output.getAll().length();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/graphql?%01" + NAME_TEXT + "=1"))
                .header("Content-Type", "application/json")
                .header("X-Slipway-User", "alice")
                .header("X-Correlation-Id", correlationId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ applications { id } }\"}"))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue(correlationId);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("title").asText()).isEqualTo("Invalid input");
        assertThat(problem.path("field").asText()).isEqualTo("parameter");
        assertThat(problem.path("rule").asText()).startsWith("name must not contain control characters");
        assertThat(problem.path("correlationId").asText()).isEqualTo(correlationId);
        assertThat(response.body()).doesNotContain(NAME_TEXT);

        String log = output.getAll().substring(logStart);
        List<String> requestLines = Arrays.stream(log.split("\\R"))
                .filter(line -> line.contains(correlationId))
                .toList();
        assertThat(requestLines).hasSize(1);
        assertThat(requestLines.get(0)).contains(" WARN ").contains("field [parameter]");
        assertThat(log).doesNotContain(" ERROR ");
        assertThat(log).doesNotContain("\tat ");
        assertThat(log).doesNotContain(NAME_TEXT);
    }
}
