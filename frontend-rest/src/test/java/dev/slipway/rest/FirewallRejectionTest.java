package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tests over real HTTP that a query parameter name with a control character gets 400 with a problem document and one
 * warning in the log, on a route that reads its parameters and on one that reads none. Neither the response nor the
 * log repeats the name. A path with a sequence that the firewall rejects gets the same kind of response.
 */
@SpringBootTest(classes = RestTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class FirewallRejectionTest {

    private static final String NAME_TEXT = "leakcheck";

    @LocalServerPort
    private int port;

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
        "/api/audit-events/search, %01" + NAME_TEXT,
        "/api/audit-events/search, " + NAME_TEXT + "%7F",
        "/api/applications, %01" + NAME_TEXT,
        "/api/applications, " + NAME_TEXT + "%C2%85",
        "/api/nothing-here, %1B" + NAME_TEXT})
    void controlCharacterInParameterName(String path, String encodedName, CapturedOutput output)
            throws Exception {
        SecuredClient client = new SecuredClient(port, SecuredClient.testAddress());
        String correlationId = "firewall-" + UUID.randomUUID();
        int logStart = output.getAll().length();

        HttpResponse<String> response = client.get(path + "?" + encodedName + "=1", "X-Slipway-User", "alice",
                "X-Correlation-Id", correlationId);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue(correlationId);
        JsonNode problem = client.read(response);
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("title").asText()).isEqualTo("Invalid input");
        assertThat(problem.path("field").asText()).isEqualTo("parameter");
        assertThat(problem.path("rule").asText()).startsWith("name must not contain control characters");
        assertThat(problem.path("detail").asText()).startsWith("Invalid parameter: name must not contain");
        assertThat(problem.path("correlationId").asText()).isEqualTo(correlationId);
        assertThat(problem.has("value")).isFalse();
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/applications;x=1", "/api//applications", "/api/x/../applications",
        "/api/applications/%0a"})
    void rejectedPathSequence(String path, CapturedOutput output) throws Exception {
        SecuredClient client = new SecuredClient(port, SecuredClient.testAddress());
        String correlationId = "firewall-" + UUID.randomUUID();
        int logStart = output.getAll().length();

        HttpResponse<String> response = client.get(path, "X-Slipway-User", "alice", "X-Correlation-Id",
                correlationId);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = client.read(response);
        assertThat(problem.path("field").asText()).isEqualTo("path");
        assertThat(problem.path("detail").asText()).startsWith("Invalid path: must not contain");
        assertThat(problem.path("correlationId").asText()).isEqualTo(correlationId);
        String log = output.getAll().substring(logStart);
        assertThat(log).contains("request [" + correlationId + "] rejected: field [path]");
        assertThat(log).doesNotContain("\tat ");
    }
}
