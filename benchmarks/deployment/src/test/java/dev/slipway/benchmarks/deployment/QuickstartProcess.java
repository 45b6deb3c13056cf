package dev.slipway.benchmarks.deployment;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The quickstart server as a separate Java process on an H2 file store, so that a test can kill it with SIGKILL
 * and start it again on the same data.
 */
final class QuickstartProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private QuickstartProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /**
     * Copies the quickstart jar from the test class path into {@code directory} and returns the copy. Runs start from
     * the copy, because a parallel build can rewrite the original while a test runs.
     */
    static Path copyJar(Path directory) throws IOException {
        Path copy = directory.resolve("quickstart.jar");
        Files.copy(Path.of(quickstartJar()), copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    /**
     * Starts the server from {@code jar} on a free loopback port with its data under {@code dataDirectory}, and waits
     * until it responds.
     */
    static QuickstartProcess start(Path jar, Path dataDirectory, Path logFile) throws Exception {
        return start(jar, dataDirectory, logFile, "default");
    }

    /** Starts the server like {@link #start(Path, Path, Path)}, labelling its Docker objects with {@code engineId}. */
    static QuickstartProcess start(Path jar, Path dataDirectory, Path logFile, String engineId) throws Exception {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", jar.toString(),
                "--server.port=" + port, "--slipway.data-directory=" + dataDirectory.toAbsolutePath(),
                "--slipway.source.allow-local=true", "--slipway.engine-id=" + engineId,
                "--slipway.security.mode=header", "--slipway.secrets.create-master-key=true",
                "--slipway.secrets.key-directory=" + dataDirectory.toAbsolutePath().resolve("keys")));
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        QuickstartProcess server = new QuickstartProcess(builder.start(), "http://127.0.0.1:" + port);
        server.awaitReady(Duration.ofSeconds(120), logFile);
        return server;
    }

    /** Sends SIGKILL, as {@code kill -9} does, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            fail("quickstart process " + process.pid() + " still runs 30 s after SIGKILL");
        }
    }

    JsonNode post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json").header("X-Slipway-User", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            fail("POST " + path + " returned " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    JsonNode get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("X-Slipway-User", "alice")
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            fail("GET " + path + " returned " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private void awaitReady(Duration timeout, Path logFile) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("quickstart process exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/applications")).build();
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        fail("quickstart process did not answer within " + timeout.toSeconds() + " s; see " + logFile);
    }

    private static String quickstartJar() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.matches(".*quickstart[^" + File.separator + "]*\\.jar"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("quickstart jar not on the test class path"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
