package dev.slipway.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.ChangeLog;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Git repository with a web application that records its build argument {@code GREETING} in {@code /greeting},
 * and direct Docker access to read the environment and files of its running containers. Fails when Docker is missing.
 * Test classes register it with {@code @RegisterExtension}, so that it removes the Docker objects of the
 * applications passed to {@link #removeAfterTest} after each test.
 */
public final class ConfiguredApp extends DockerFixture {

    private static final String DOCKERFILE = """
            FROM busybox:stable
            ARG GREETING
            RUN printf '%s' "$GREETING" > /greeting
            COPY www/ /www/
            USER 65534:65534
            EXPOSE 8080
            CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"]
            """;

    private ConfiguredApp(DockerClient docker) {
        super(docker);
    }

    /**
     * Connects to Docker and returns a fixture that has no applications registered yet.
     *
     * @throws AssertionError when Docker is not reachable
     */
    public static ConfiguredApp connect() {
        return new ConfiguredApp(DockerConnections.connect());
    }

    /** Creates a repository with one commit on {@code main} in {@code directory} and returns its URL. */
    public static String createRepository(Path directory) throws Exception {
        return createRepository(directory, DOCKERFILE);
    }

    /** Creates a repository of the web application built by {@code dockerfile} and returns its URL. */
    public static String createRepository(Path directory, String dockerfile) throws Exception {
        return SampleRepositories.create(directory, dockerfile);
    }

    /** Returns the environment of the container's main process, read from {@code /proc/1/environ} inside it. */
    public Map<String, String> environment(String containerId) throws InterruptedException {
        String environ = new String(exec(containerId, "cat", "/proc/1/environ"), StandardCharsets.UTF_8);
        Map<String, String> variables = new LinkedHashMap<>();
        for (String entry : environ.split("\0")) {
            int split = entry.indexOf('=');
            if (split > 0) {
                variables.put(entry.substring(0, split), entry.substring(split + 1));
            }
        }
        return variables;
    }

    /** Returns what the build wrote into {@code /greeting} of the image. */
    public String greeting(String containerId) throws InterruptedException {
        return new String(exec(containerId, "cat", "/greeting"), StandardCharsets.UTF_8);
    }

    /** Returns the bytes of a file inside a running container, read with {@code cat}. */
    public byte[] fileContent(String containerId, String path) throws InterruptedException {
        return exec(containerId, "cat", path);
    }

    /** Returns the paths that {@code docker diff} lists as changed in the container's writable layer. */
    public List<String> changedPaths(String containerId) {
        List<ChangeLog> changes = docker.containerDiffCmd(containerId).exec();
        return changes == null ? List.of() : changes.stream().map(ChangeLog::getPath).toList();
    }

    /** Returns the environment entries ({@code NAME=value}) of the container's configuration. */
    public List<String> configuredEnvironment(String containerId) {
        String[] env = docker.inspectContainerCmd(containerId).exec().getConfig().getEnv();
        return env == null ? List.of() : List.of(env);
    }

    /** Returns the image id of a container. */
    public String imageOf(String containerId) {
        return docker.inspectContainerCmd(containerId).exec().getImageId();
    }

    /** Returns the raw JSON of the image's build history, as {@code docker history} reads it. */
    public String imageHistory(String imageId) throws IOException {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        try (ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .build();
             DockerHttpClient.Response response = http.execute(DockerHttpClient.Request.builder()
                     .method(DockerHttpClient.Request.Method.GET).path("/images/" + imageId + "/history").build())) {
            return new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Removes every container, image and network labelled with the application id. */
    @Override
    public void removeApplication(String applicationId) {
        List<String> label = List.of("dev.slipway.application=" + applicationId);
        docker.listContainersCmd().withShowAll(true).withLabelFilter(label).exec()
                .forEach(container -> ignoreGone(() -> docker.removeContainerCmd(container.getId())
                        .withForce(true).exec()));
        docker.listImagesCmd().withLabelFilter(label.get(0)).exec()
                .forEach(image -> ignoreGone(() -> docker.removeImageCmd(image.getId()).withForce(true).exec()));
        // Other applications may share an image, so only the tags that name this application go.
        docker.listImagesCmd().withReferenceFilter("slipway/" + applicationId).exec().stream()
                .flatMap(image -> Stream.of(image.getRepoTags()))
                .filter(tag -> tag.startsWith("slipway/" + applicationId + ":"))
                .forEach(tag -> ignoreGone(() -> docker.removeImageCmd(tag).withForce(true).exec()));
        // An engine's proxy container may still be connected to the network, which Docker then keeps.
        docker.listNetworksCmd().withFilter("label", label).exec().forEach(network -> {
            docker.inspectNetworkCmd().withNetworkId(network.getId()).exec().getContainers().keySet()
                    .forEach(container -> ignoreGone(() -> docker.disconnectFromNetworkCmd()
                            .withNetworkId(network.getId()).withContainerId(container).withForce(true).exec()));
            ignoreGone(() -> docker.removeNetworkCmd(network.getId()).exec());
        });
    }

    private byte[] exec(String containerId, String... command) throws InterruptedException {
        ExecCreateCmdResponse exec = docker.execCreateCmd(containerId).withCmd(command).withAttachStdout(true)
                .withAttachStderr(true).exec();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                if (frame.getStreamType() == StreamType.STDOUT) {
                    stdout.writeBytes(frame.getPayload());
                }
            }
        };
        docker.execStartCmd(exec.getId()).exec(callback);
        if (!callback.awaitCompletion(30, TimeUnit.SECONDS)) {
            throw new AssertionError("'" + String.join(" ", command) + "' in container " + containerId
                    + " did not finish within 30 s");
        }
        return stdout.toByteArray();
    }
}
