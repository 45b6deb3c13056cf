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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A rollback requested over HTTP starts the earlier deployment's image on the real Docker engine: two builds with
 * different build arguments, then a rollback to the first, whose container shows the first build's file.
 */
class RollbackOverHttpTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigurableApplicationContext server;
    @RegisterExtension
    final ConfiguredApp docker = ConfiguredApp.connect();
    private String baseUrl;
    private String applicationId;

    @BeforeEach
    void startServer() throws Exception {
        server = new SpringApplicationBuilder(RestTestApplication.class).properties("server.port=0").run();
        baseUrl = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
        Path repository = Files.createTempDirectory("slipway-rollback");
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(),
                ConfiguredApp.createRepository(repository));
        body.put("healthCheck", Map.of("path", "/health", "intervalMillis", 200));
        applicationId = send("POST", "/api/applications", body).body().get("id").asText();
        docker.removeAfterTest(applicationId);
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rollbackStartsFirstBuildAgain() throws Exception {
        JsonNode first = deployWithGreeting("first");
        JsonNode second = deployWithGreeting("second");

        Reply reply = send("POST", "/api/applications/" + applicationId + "/rollbacks",
                Map.of("deploymentId", first.get("id").asText()));
        JsonNode rollback = awaitEnd(reply.body().get("id").asText());

        assertThat(reply.status()).isEqualTo(202);
        assertThat(rollback.get("status").asText()).as("rollback: %s", rollback).isEqualTo("SUCCEEDED");
        assertThat(rollback.get("rollbackOf").asText()).isEqualTo(first.get("id").asText());
        assertThat(rollback.get("imageId").asText()).isEqualTo(first.get("imageId").asText());
        assertThat(docker.greeting(rollback.get("containerId").asText())).isEqualTo("first");
        // The application records its new release just after the rollback shows as succeeded.
        String rollbackId = rollback.get("id").asText();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                send("GET", "/api/applications/" + applicationId, null).body().get("currentDeploymentId").asText())
                .isEqualTo(rollbackId));
        assertThat(second.get("status").asText()).isEqualTo("SUCCEEDED");
    }

    private JsonNode deployWithGreeting(String greeting) throws Exception {
        send("PUT", "/api/applications/" + applicationId + "/build-arguments/GREETING", Map.of("value", greeting));
        String id = send("POST", "/api/applications/" + applicationId + "/deployments", Map.of()).body().get("id")
                .asText();
        JsonNode finished = awaitEnd(id);
        assertThat(finished.get("status").asText()).as("deployment: %s", finished).isEqualTo("SUCCEEDED");
        return finished;
    }

    private JsonNode awaitEnd(String deploymentId) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> send("GET", "/api/deployments/" + deploymentId, null).body(),
                        view -> List.of("SUCCEEDED", "FAILED").contains(view.get("status").asText()));
    }

    private Reply send(String method, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher content = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, content)
                .header("Content-Type", "application/json")
                .header("X-Slipway-User", "alice")
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isLessThan(300);
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    /** Status and parsed body of one HTTP response. */
    private record Reply(int status, JsonNode body) {
    }
}
