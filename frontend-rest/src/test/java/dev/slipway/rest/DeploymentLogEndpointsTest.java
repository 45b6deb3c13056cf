package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testsupport.ConfiguredApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * Deploys an application whose build and container print known lines, with a secret set, and reads its log over
 * a real HTTP connection: as a server-sent event stream opened while the deployment runs, and as JSON pages.
 */
@SpringBootTest(classes = RestTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "slipway.logs.directory=target/deployment-logs-rest")
class DeploymentLogEndpointsTest {

    private static final String API_KEY = "sk_test_PLACEHOLDER_987";
    private static final String DOCKERFILE = """
            FROM busybox:stable
            RUN echo "build-marker-one"
            RUN echo "build-marker-two sees sk_test_PLACEHOLDER_987"
            COPY www/ /www/
            USER 65534:65534
            EXPOSE 8080
            CMD ["sh", "-c", "echo container-marker-start; echo \\"key $API_KEY\\"; \
            printf '%s' \\"$API_KEY\\" | base64; exec httpd -f -v -p 8080 -h /www"]
            """;

    private static final String UNHEALTHY_DOCKERFILE = """
            FROM busybox:stable
            USER 65534:65534
            CMD ["sh", "-c", "echo unhealthy-marker; exec sleep 600"]
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
    void streamSendsLinesInOrderThenEnd() throws Exception {
        String applicationId = createApplication();
        setSecret(applicationId);
        String deploymentId = deploy(applicationId);

        List<Event> events = readStream("/api/deployments/" + deploymentId + "/logs/stream", null);

        Event end = events.get(events.size() - 1);
        assertThat(end.name()).isEqualTo("end");
        List<Event> lines = events.subList(0, events.size() - 1);
        assertThat(lines).extracting(Event::name).containsOnly("line");
        List<Long> sequences = lines.stream().map(event -> Long.parseLong(event.id())).toList();
        assertThat(sequences).as("sequences from 1 without gaps")
                .containsExactlyElementsOf(Stream.iterate(1L, n -> n + 1).limit(lines.size()).toList());
        List<JsonNode> data = parse(lines);
        List<String> texts = data.stream().map(line -> line.get("text").asText()).toList();
        assertThat(texts).containsSubsequence("build-marker-one", "build-marker-two sees ********",
                "container-marker-start", "key ********", "********");
        assertThat(source(data, "build-marker-one")).isEqualTo("BUILD");
        assertThat(source(data, "container-marker-start")).isEqualTo("CONTAINER");
        JsonNode last = data.get(data.size() - 1);
        assertThat(last.get("source").asText()).isEqualTo("ENGINE");
        assertThat(last.get("text").asText()).startsWith("Deployment succeeded");
        assertThat(data.get(0).get("timestamp").asText()).isNotBlank();
        assertThat(events).allSatisfy(event -> assertThat(event.data()).doesNotContain(secretForms()));
        assertThat(storedText(deploymentId)).doesNotContain(secretForms());
    }

    @Test
    void failedHealthCheckKeepsContainerOutput() throws Exception {
        String applicationId = createApplication(UNHEALTHY_DOCKERFILE);
        String deploymentId = deploy(applicationId);

        List<Event> events = readStream("/api/deployments/" + deploymentId + "/logs/stream", null);

        assertThat(events.get(events.size() - 1).name()).isEqualTo("end");
        List<JsonNode> data = parse(events.subList(0, events.size() - 1));
        assertThat(source(data, "unhealthy-marker")).isEqualTo("CONTAINER");
        List<String> engineLines = data.stream().filter(line -> line.get("source").asText().equals("ENGINE"))
                .map(line -> line.get("text").asText()).toList();
        assertThat(engineLines).isNotEmpty();
        assertThat(engineLines.get(0)).startsWith("Deployment failed at step HEALTH_CHECK");
        assertThat(engineLines).as("each line of the reason is a line of its own")
                .allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    }

    @Test
    void streamResumesAfterLastEventId() throws Exception {
        String applicationId = createApplication();
        String deploymentId = deploy(applicationId);
        List<Event> all = readStream("/api/deployments/" + deploymentId + "/logs/stream", null);
        int total = all.size() - 1;

        List<Event> resumed = readStream("/api/deployments/" + deploymentId + "/logs/stream", "3");
        List<Event> sinceFive = readStream("/api/deployments/" + deploymentId + "/logs/stream?since=5", null);
        JsonNode firstPage = getJson("/api/deployments/" + deploymentId + "/logs?limit=2");
        JsonNode secondPage = getJson("/api/deployments/" + deploymentId + "/logs?after="
                + firstPage.get("lastSequence").asLong() + "&limit=2");
        JsonNode everything = getJson("/api/deployments/" + deploymentId + "/logs?limit=1000");

        assertThat(resumed.get(0).id()).isEqualTo("4");
        assertThat(resumed).hasSize(all.size() - 3);
        assertThat(resumed.get(resumed.size() - 1).name()).isEqualTo("end");
        assertThat(sinceFive.get(0).id()).isEqualTo("6");
        assertThat(firstPage.get("lines")).extracting(line -> line.get("sequence").asLong()).containsExactly(1L, 2L);
        assertThat(secondPage.get("lines")).extracting(line -> line.get("sequence").asLong())
                .containsExactly(3L, 4L);
        assertThat(everything.get("lines")).hasSize(total);
        assertThat(everything.get("ended").asBoolean()).isTrue();
        assertThat(everything.get("lines").get(0).get("text").asText())
                .isEqualTo(json.readTree(all.get(0).data()).get("text").asText());
    }

    @Test
    void unknownDeploymentIsNotFound() throws Exception {
        String unknown = UUID.randomUUID().toString();

        HttpResponse<String> page = send(get("/api/deployments/" + unknown + "/logs"));
        HttpResponse<String> stream = send(HttpRequest.newBuilder(uri("/api/deployments/" + unknown
                + "/logs/stream")).header("Accept", "text/event-stream").GET().build());

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains(unknown);
        assertThat(stream.statusCode()).isEqualTo(404);
    }

    @Test
    void negativeSinceIsRejected() throws Exception {
        HttpResponse<String> response = send(get("/api/deployments/" + UUID.randomUUID() + "/logs/stream?since=-1"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("since");
    }

    private String createApplication() throws Exception {
        return createApplication(DOCKERFILE);
    }

    private String createApplication(String dockerfile) throws Exception {
        String repository = ConfiguredApp.createRepository(workspace.resolve(UUID.randomUUID().toString()),
                dockerfile);
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), repository);
        body.put("healthCheckPath", "/health");
        HttpResponse<String> created = send(post("/api/applications", json.writeValueAsString(body), "POST"));
        assertThat(created.statusCode()).as("creation: %s", created.body()).isEqualTo(201);
        String id = json.readTree(created.body()).get("id").asText();
        docker.removeAfterTest(id);
        return id;
    }

    private void setSecret(String applicationId) throws Exception {
        HttpResponse<String> response = send(post("/api/applications/" + applicationId + "/secrets/API_KEY",
                json.writeValueAsString(Map.of("value", API_KEY)), "PUT"));
        assertThat(response.statusCode()).as("set secret: %s", response.body()).isEqualTo(200);
    }

    private String deploy(String applicationId) throws Exception {
        HttpResponse<String> accepted = send(post("/api/applications/" + applicationId + "/deployments", "",
                "POST"));
        assertThat(accepted.statusCode()).as("deploy: %s", accepted.body()).isEqualTo(202);
        return json.readTree(accepted.body()).get("id").asText();
    }

    /** Reads a server-sent event stream until the server closes it; fails after three minutes. */
    private List<Event> readStream(String path, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream")
                .header("X-Slipway-User", "alice").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        CompletableFuture<List<Event>> events = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.headers().firstValue("Content-Type")).get().asString()
                            .startsWith("text/event-stream");
                    return Event.parse(response.body().iterator());
                });
        return events.get(3, TimeUnit.MINUTES);
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = send(get(path));
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private String storedText(String deploymentId) throws IOException {
        return Files.readString(Path.of("target", "deployment-logs-rest", deploymentId + ".jsonl"));
    }

    private List<JsonNode> parse(List<Event> events) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (Event event : events) {
            nodes.add(json.readTree(event.data()));
        }
        return nodes;
    }

    private static String source(List<JsonNode> lines, String text) {
        return lines.stream().filter(line -> line.get("text").asText().equals(text)).findFirst()
                .map(line -> line.get("source").asText()).orElse("missing");
    }

    private static String[] secretForms() {
        byte[] bytes = API_KEY.getBytes(StandardCharsets.UTF_8);
        return new String[] {API_KEY, Base64.getEncoder().encodeToString(bytes),
            Base64.getEncoder().withoutPadding().encodeToString(bytes)};
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).header("X-Slipway-User", "alice").GET().build();
    }

    private HttpRequest post(String path, String body, String method) {
        return HttpRequest.newBuilder(uri(path)).header("X-Slipway-User", "alice")
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** One server-sent event. */
    record Event(String id, String name, String data) {

        static List<Event> parse(Iterator<String> lines) {
            List<Event> events = new ArrayList<>();
            String id = null;
            String name = "message";
            StringBuilder data = new StringBuilder();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
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
