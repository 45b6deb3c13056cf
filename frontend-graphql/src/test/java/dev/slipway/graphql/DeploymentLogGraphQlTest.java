package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testsupport.ConfiguredApp;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Deploys an application whose build and container print known lines, with a secret set, and follows its log
 * through the {@code deploymentLogs} subscription over GraphQL's server-sent event transport on a real HTTP
 * connection, then reads it back with the {@code deploymentLogs} query.
 */
@SpringBootTest(classes = GraphQlTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "slipway.logs.directory=target/deployment-logs-graphql")
class DeploymentLogGraphQlTest {

    private static final String API_KEY = "sk_test_PLACEHOLDER_987";
    private static final String DOCKERFILE = """
            FROM busybox:stable
            RUN echo "build-marker-one"
            RUN echo "build-marker-two sees sk_test_PLACEHOLDER_987"
            COPY www/ /www/
            USER 65534:65534
            EXPOSE 8080
            CMD ["sh", "-c", "echo container-marker-start; echo \\"key $API_KEY\\"; \
            exec httpd -f -v -p 8080 -h /www"]
            """;
    private static final String SUBSCRIPTION = "subscription($id: ID!, $since: Int) {"
            + " deploymentLogs(deploymentId: $id, since: $since) { sequence timestamp source text } }";

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
    void subscriptionDeliversLinesInOrderThenCompletes() throws Exception {
        String applicationId = createApplication();
        execute("mutation($id: ID!, $value: String!) { setSecret(applicationId: $id, name: \"API_KEY\","
                + " value: $value) { applicationId } }", Map.of("id", applicationId, "value", API_KEY));
        String deploymentId = execute("mutation($id: ID!) { deploy(applicationId: $id) { id } }",
                Map.of("id", applicationId)).get("deploy").get("id").asText();

        List<Event> events = subscribe(deploymentId, 0);

        assertThat(events.get(events.size() - 1).name()).isEqualTo("complete");
        List<JsonNode> lines = new ArrayList<>();
        for (Event event : events.subList(0, events.size() - 1)) {
            assertThat(event.name()).isEqualTo("next");
            JsonNode payload = json.readTree(event.data());
            assertThat(payload.has("errors")).as("errors in %s", event.data()).isFalse();
            lines.add(payload.get("data").get("deploymentLogs"));
        }
        List<Long> sequences = lines.stream().map(line -> line.get("sequence").asLong()).toList();
        assertThat(sequences).containsExactlyElementsOf(Stream.iterate(1L, n -> n + 1).limit(lines.size()).toList());
        List<String> texts = lines.stream().map(line -> line.get("text").asText()).toList();
        assertThat(texts).containsSubsequence("build-marker-one", "build-marker-two sees ********",
                "container-marker-start", "key ********");
        assertThat(lines.get(0).get("source").asText()).isEqualTo("BUILD");
        assertThat(lines.get(lines.size() - 1).get("source").asText()).isEqualTo("ENGINE");
        assertThat(lines.get(lines.size() - 1).get("text").asText()).startsWith("Deployment succeeded");
        byte[] secret = API_KEY.getBytes(StandardCharsets.UTF_8);
        assertThat(events).allSatisfy(event -> assertThat(event.data())
                .doesNotContain(API_KEY, Base64.getEncoder().encodeToString(secret)));

        JsonNode page = execute("query($id: ID!) { deploymentLogs(deploymentId: $id, after: 1, limit: 2) {"
                + " lines { sequence text } lastSequence ended } }", Map.of("id", deploymentId))
                .get("deploymentLogs");
        assertThat(page.get("lines")).extracting(line -> line.get("sequence").asLong()).containsExactly(2L, 3L);
        assertThat(page.get("lastSequence").asLong()).isEqualTo(3);
        assertThat(page.get("ended").asBoolean()).isTrue();
        List<Event> resumed = subscribe(deploymentId, lines.size() - 1);
        assertThat(resumed).extracting(Event::name).containsExactly("next", "complete");
    }

    @Test
    void unknownDeploymentIsNotFound() throws Exception {
        String unknown = UUID.randomUUID().toString();

        JsonNode query = post(Map.of("query", "query($id: ID!) { deploymentLogs(deploymentId: $id) { ended } }",
                "variables", Map.of("id", unknown)));
        List<Event> subscription = subscribe(unknown, 0);

        assertThat(query.get("errors").get(0).get("extensions").get("classification").asText())
                .isEqualTo("NOT_FOUND");
        assertThat(subscription.get(0).data()).contains("NOT_FOUND");
    }

    private String createApplication() throws Exception {
        String repository = ConfiguredApp.createRepository(workspace.resolve(UUID.randomUUID().toString()),
                DOCKERFILE);
        Map<String, Object> input = Map.of("name", "app-" + UUID.randomUUID().toString().substring(0, 8),
                "repositoryUrl", repository, "ref", "main", "containerPort", 8080, "healthCheckPath", "/health");
        String id = execute("mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id } }",
                Map.of("input", input)).get("createApplication").get("id").asText();
        docker.removeAfterTest(id);
        return id;
    }

    private JsonNode execute(String document, Map<String, Object> variables) throws Exception {
        JsonNode response = post(Map.of("query", document, "variables", variables));
        assertThat(response.has("errors")).as("errors: %s", response).isFalse();
        return response.get("data");
    }

    private JsonNode post(Map<String, Object> body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(graphQl()).header("Content-Type", "application/json")
                .header("X-Slipway-User", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("response: %s", response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /**
     * Runs the subscription until it completes. When the connection drops first, it subscribes again from the last
     * line received, as a client of a server-sent event stream does, at most twice.
     */
    private List<Event> subscribe(String deploymentId, long since) throws Exception {
        List<Event> all = new ArrayList<>();
        long from = since;
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Event> events = subscribeOnce(deploymentId, from);
            all.addAll(events);
            if (events.isEmpty() || !events.get(events.size() - 1).name().equals("dropped")) {
                return all;
            }
            all.remove(all.size() - 1);
            for (Event event : all) {
                JsonNode line = event.name().equals("next")
                        ? json.readTree(event.data()).path("data").path("deploymentLogs") : null;
                if (line != null && line.has("sequence")) {
                    from = line.get("sequence").asLong();
                }
            }
        }
        return all;
    }

    /** Runs the subscription over server-sent events until the server closes the stream, for at most three minutes. */
    private List<Event> subscribeOnce(String deploymentId, long since) throws Exception {
        String body = json.writeValueAsString(Map.of("query", SUBSCRIPTION,
                "variables", Map.of("id", deploymentId, "since", since)));
        HttpRequest request = HttpRequest.newBuilder(graphQl()).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").header("X-Slipway-User", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        CompletableFuture<List<Event>> events = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    return Event.parse(response.body().iterator());
                });
        return events.get(3, TimeUnit.MINUTES);
    }

    private URI graphQl() {
        return URI.create("http://127.0.0.1:" + port + "/graphql");
    }

    /** One server-sent event. */
    record Event(String name, String data) {

        /** Parses the stream. A connection that drops mid-stream ends the list with an event named "dropped". */
        static List<Event> parse(Iterator<String> lines) {
            List<Event> events = new ArrayList<>();
            String name = "message";
            StringBuilder data = new StringBuilder();
            while (true) {
                String line;
                try {
                    if (!lines.hasNext()) {
                        break;
                    }
                    line = lines.next();
                } catch (UncheckedIOException e) {
                    events.add(new Event("dropped", String.valueOf(e.getCause())));
                    break;
                }
                if (line.isEmpty()) {
                    if (!data.isEmpty() || !"message".equals(name)) {
                        events.add(new Event(name, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5));
                }
            }
            return events;
        }
    }
}
