package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testsupport.ConfiguredApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Deploys with a log limit of 2048 bytes, which the build output alone exceeds, and reads the stored log. */
@SpringBootTest(classes = RestTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"slipway.logs.directory=target/deployment-logs-limit",
            "slipway.logs.max-size-per-deployment=2KB"})
class DeploymentLogLimitTest {

    private static final String NOISY_DOCKERFILE = """
            FROM busybox:stable
            RUN for i in $(seq 1 40); do echo "build output line $i of a noisy build"; done
            COPY www/ /www/
            USER 65534:65534
            EXPOSE 8080
            CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"]
            """;

    @LocalServerPort
    private int port;
    @Autowired
    private ObjectMapper json;
    private final HttpClient http = HttpClient.newHttpClient();
    @RegisterExtension
    final ConfiguredApp docker = ConfiguredApp.connect();

    @TempDir
    Path workspace;

    @Test
    void logOverLimitKeepsMarkerAndOutcome() throws Exception {
        String repository = ConfiguredApp.createRepository(workspace.resolve("noisy"), NOISY_DOCKERFILE);
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), repository);
        body.put("healthCheckPath", "/health");
        JsonNode application = send("POST", "/api/applications", json.writeValueAsString(body), 201);
        docker.removeAfterTest(application.get("id").asText());
        String deploymentId = send("POST", "/api/applications/" + application.get("id").asText() + "/deployments",
                "", 202).get("id").asText();

        JsonNode page = awaitEnded(deploymentId);

        List<JsonNode> lines = new ArrayList<>();
        page.get("lines").forEach(lines::add);
        List<JsonNode> markers = lines.stream().filter(line -> line.get("text").asText().startsWith("Log truncated:"))
                .toList();
        assertThat(markers).hasSize(1);
        assertThat(lines.get(lines.size() - 2)).isEqualTo(markers.get(0));
        assertThat(markers.get(0).get("source").asText()).isEqualTo("ENGINE");
        assertThat(markers.get(0).get("text").asText()).contains("2048 bytes");
        JsonNode outcome = lines.get(lines.size() - 1);
        assertThat(outcome.get("source").asText()).isEqualTo("ENGINE");
        assertThat(outcome.get("text").asText()).startsWith("Deployment succeeded:");
        assertThat(Files.size(Path.of("target/deployment-logs-limit", deploymentId + ".jsonl")))
                .isLessThanOrEqualTo(2048);
        assertThat(lines).extracting(line -> line.get("text").asText())
                .doesNotContain("build output line 40 of a noisy build");
    }

    private JsonNode awaitEnded(String deploymentId) throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> send("GET", "/api/deployments/" + deploymentId + "/logs?limit=1000", null, 200)
                        .get("ended").asBoolean());
        return send("GET", "/api/deployments/" + deploymentId + "/logs?limit=1000", null, 200);
    }

    private JsonNode send(String method, String path, String body, int expectedStatus) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Slipway-User", "alice").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }
}
