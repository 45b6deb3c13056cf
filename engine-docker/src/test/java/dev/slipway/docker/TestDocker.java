package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

/** Shared test access to the local Docker engine, independent of the code under test. */
final class TestDocker {

    static final URI HOST = DockerRuntimeSettings.DEFAULT_DOCKER_HOST;
    static final String BASE_IMAGE = "busybox:stable";
    static final Path HELLO_APP = Path.of("..", "samples", "hello-app").toAbsolutePath().normalize();

    private static final DockerClient CLIENT = newClient(HOST);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestDocker() {
    }

    static DockerClient client() {
        return CLIENT;
    }

    static DockerClient newClient(URI host) {
        return DockerClientImpl.getInstance(
                DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host.toString()).build(),
                new ApacheDockerHttpClient.Builder().dockerHost(host).connectionTimeout(Duration.ofSeconds(5))
                        .responseTimeout(Duration.ofSeconds(60)).build());
    }

    /** Returns a name that no other test run uses, such as {@code slipway-test-web-1a2b3c4d}. */
    static String uniqueName(String role) {
        return "slipway-test-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Copies the hello-app sample, file modes included, into {@code target} and returns it. */
    static Path copyHelloApp(Path target) {
        try (Stream<Path> paths = Files.walk(HELLO_APP)) {
            for (Path source : paths.toList()) {
                Path copy = target.resolve(HELLO_APP.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to copy " + HELLO_APP, e);
        }
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
