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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Random printable values, with shell and quoting characters, tabs, line breaks and non-ASCII letters, set through
 * the REST API over HTTP and read back from {@code /proc/1/environ} inside the deployed container.
 */
class EnvironmentRoundTripTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConfigurableApplicationContext server;
    private static ConfiguredApp docker;
    private static String baseUrl;
    private static String applicationId;

    @BeforeContainer
    static void startServer() throws Exception {
        docker = ConfiguredApp.connect();
        server = new SpringApplicationBuilder(RestTestApplication.class).properties("server.port=0").run();
        baseUrl = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
        Path repository = Files.createTempDirectory("slipway-round-trip");
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(),
                ConfiguredApp.createRepository(repository));
        body.put("healthCheckPath", "/health");
        applicationId = send("POST", "/api/applications", body).get("id").asText();
    }

    @AfterContainer
    static void stopServer() throws Exception {
        if (applicationId != null) {
            docker.removeApplication(applicationId);
        }
        if (server != null) {
            server.close();
        }
        docker.close();
    }

    @Property(tries = 4)
    void valuesRoundTripFromApiToContainer(@ForAll("values") List<String> values) throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            expected.put("RANDOM_" + i, values.get(i));
            send("PUT", "/api/applications/" + applicationId + "/environment/RANDOM_" + i,
                    Map.of("value", values.get(i)));
        }

        JsonNode deployment = send("POST", "/api/applications/" + applicationId + "/deployments", Map.of());
        String deploymentId = deployment.get("id").asText();
        JsonNode finished = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> send("GET", "/api/deployments/" + deploymentId, null),
                        view -> List.of("SUCCEEDED", "FAILED").contains(view.get("status").asText()));
        assertThat(finished.get("status").asText()).as("deployment: %s", finished).isEqualTo("SUCCEEDED");

        Map<String, String> environment = docker.environment(finished.get("containerId").asText());
        for (Map.Entry<String, String> variable : expected.entrySet()) {
            assertThat(environment.get(variable.getKey())).as(variable.getKey()).isEqualTo(variable.getValue());
        }
    }

    @Provide
    Arbitrary<List<String>> values() {
        Arbitrary<String> value = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars("$'\"#=\\\t\n\réü€漢")
                .ofMinLength(0)
                .ofMaxLength(40);
        Arbitrary<String> lineEnding = Arbitraries.of("\r\n", "\n", "");
        return value.flatMap(text -> lineEnding.map(ending -> text + ending)).list().ofMinSize(1).ofMaxSize(8);
    }

    private static JsonNode send(String method, String path, Object body) throws Exception {
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
        return JSON.readTree(response.body());
    }
}
