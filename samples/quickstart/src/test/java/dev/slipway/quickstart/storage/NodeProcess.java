package dev.slipway.quickstart.storage;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.quickstart.QuickstartApplication;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One quickstart server in a JVM of its own, as one node of an engine cluster on a test database. Its output goes
 * to a log file, which a failure quotes.
 */
final class NodeProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final String nodeId;
    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private NodeProcess(String nodeId, Process process, Path log, int port) {
        this.nodeId = nodeId;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a node and waits until its API responds. */
    static NodeProcess start(String nodeId, TestDatabase database, Path dataDirectory, String claimTimeout)
            throws IOException, InterruptedException {
        int port = freePort();
        Path log = dataDirectory.resolve(nodeId + ".log");
        Files.createDirectories(dataDirectory);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                QuickstartApplication.class.getName(),
                "--spring.profiles.active=postgresql",
                "--server.port=" + port,
                "--slipway.data-directory=" + dataDirectory.resolve(nodeId),
                "--slipway.source.allow-local=true",
                "--slipway.security.mode=header",
                "--slipway.access.default-team=shared",
                "--slipway.access.default-team-role=admin",
                "--slipway.cluster.enabled=true",
                "--slipway.cluster.node-id=" + nodeId,
                "--slipway.cluster.segments=4",
                "--slipway.cluster.claim-timeout=" + claimTimeout)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SLIPWAY_DATABASE_URL", database.url());
        builder.environment().put("SLIPWAY_DATABASE_USER", database.user());
        builder.environment().put("SLIPWAY_DATABASE_PASSWORD", database.password());
        NodeProcess node = new NodeProcess(nodeId, builder.start(), log, port);
        node.awaitReady();
        return node;
    }

    String nodeId() {
        return nodeId;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("Node " + nodeId + " exited with code " + process.exitValue() + " before it responded:\n"
                        + logTail());
            }
            try {
                if (http.send(request("/api/applications").GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        fail("Node " + nodeId + " did not respond within " + START_TIMEOUT.toSeconds() + " s:\n" + logTail());
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    Response post(String path, Map<String, Object> body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    /** Sends a POST request with extra headers, such as {@code Idempotency-Key}. */
    Response post(String path, Map<String, Object> body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        return send(request.build());
    }

    Response put(String path, Map<String, Object> body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    /** Kills the JVM at once, as a crash or {@code kill -9} would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Slipway-User", "alice");
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Map<String, Object> body = response.body().isBlank() || !response.body().startsWith("{")
                ? Map.of() : JSON.readValue(response.body(), MAP);
        return new Response(response.statusCode(), body);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A status code and a JSON object body, empty when the body is not an object. */
    record Response(int status, Map<String, Object> body) {
    }
}
