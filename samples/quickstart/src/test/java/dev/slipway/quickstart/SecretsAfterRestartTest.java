package dev.slipway.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import dev.slipway.core.runtime.EngineLabels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Secrets across an engine restart over the same data directory. A secret set before the restart is masked before
 * any deployment decrypts it: a build that prints the value fails, and its build log, the failure reason and the
 * engine's log lines show only the mask. A Git credential is masked after the restart too, until it is removed.
 * Secret files of the current release are written again at start, as after a host reboot that emptied the tmpfs.
 */
class SecretsAfterRestartTest {

    private static final String SECRET = "sk_test_RESTART_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String DOCKERFILE = """
            FROM busybox:stable
            RUN echo "build prints %s" && printf '%%s' "%s" | base64 && exit 3
            """.formatted(SECRET, SECRET);
    private static final String SERVING_DOCKERFILE = """
            FROM busybox:stable
            COPY www/ /www/
            USER 65534:65534
            CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
            """;
    private static final String MULTI_LINE = "-----BEGIN TEST KEY-----\nQUJDRA/EFG+ \"$HOME\" 'ü€'\n-----END-----\n";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<String> responses = new ArrayList<>();
    private final Path filesRoot = Path.of("/dev/shm", "slipway-quickstart-" + UUID.randomUUID());
    private DockerClient docker;
    private String applicationId;

    @TempDir
    Path dataDirectory;

    @AfterEach
    void tearDown() throws Exception {
        rootLogger().detachAppender(logs);
        deleteRecursively(filesRoot);
        if (docker != null && applicationId != null) {
            String label = EngineLabels.APPLICATION + "=" + applicationId;
            for (Container container : docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(label)).exec()) {
                docker.removeContainerCmd(container.getId()).withForce(true).exec();
            }
            for (Image image : docker.listImagesCmd().withLabelFilter(label).exec()) {
                docker.removeImageCmd(image.getId()).withForce(true).exec();
            }
            // Other applications may share an image, so only the tags that name this application go.
            for (Image image : docker.listImagesCmd().withReferenceFilter("slipway/" + applicationId).exec()) {
                for (String tag : image.getRepoTags()) {
                    if (tag.startsWith("slipway/" + applicationId + ":")) {
                        docker.removeImageCmd(tag).withForce(true).exec();
                    }
                }
            }
            for (Network network : docker.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
                docker.removeNetworkCmd(network.getId()).exec();
            }
        }
    }

    @Test
    void secretMaskedAfterRestart() throws Exception {
        docker = DockerCheck.connect();
        String repository = createRepository(dataDirectory.resolve("repository"), DOCKERFILE);
        Path masterKey = createMasterKey();

        try (ConfigurableApplicationContext first = start(masterKey)) {
            String created = send(first, "POST", "/api/applications", """
                    {"name":"restart-%s","repositoryUrl":"%s","ref":"main","containerPort":8080}"""
                    .formatted(UUID.randomUUID().toString().substring(0, 8), repository));
            applicationId = json.readTree(created).get("id").asText();
            send(first, "PUT", "/api/applications/" + applicationId + "/secrets/API_KEY",
                    json.writeValueAsString(Map.of("value", SECRET)));
        }

        JsonNode failed;
        String buildLog;
        try (ConfigurableApplicationContext second = start(masterKey)) {
            // Spring Boot configures Logback while it starts, which would detach an appender added earlier.
            logs.start();
            rootLogger().addAppender(logs);
            String deploymentId = json.readTree(send(second, "POST", "/api/applications/" + applicationId
                    + "/deployments", "")).get("id").asText();
            failed = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> json.readTree(send(second, "GET", "/api/deployments/" + deploymentId, null)),
                            view -> "FAILED".equals(view.get("status").asText()));
            buildLog = send(second, "GET", "/api/deployments/" + deploymentId + "/logs", null);
            send(second, "GET", "/api/applications/" + applicationId + "/configuration", null);
        }

        assertThat(failed.get("failedStep").asText()).isEqualTo("BUILD_IMAGE");
        assertThat(failed.get("reason").asText()).contains("build prints ********");
        assertThat(buildLog).contains("build prints ********");
        assertThat(responses).allSatisfy(response -> assertThat(response).doesNotContain(forms()));
        assertThat(logLines()).anySatisfy(line -> assertThat(line).contains("build prints ********"));
        assertThat(logLines()).allSatisfy(line -> assertThat(line).doesNotContain(forms()));
    }

    @Test
    void gitCredentialMaskedAfterRestart() throws Exception {
        Path masterKey = createMasterKey();
        String token = "ghp_RESTART_" + UUID.randomUUID().toString().replace("-", "");
        try (ConfigurableApplicationContext first = start(masterKey)) {
            String created = send(first, "POST", "/api/applications", """
                    {"name":"credential-%s","repositoryUrl":"https://git.example.test/web.git","ref":"main",
                     "containerPort":8080}""".formatted(UUID.randomUUID().toString().substring(0, 8)));
            applicationId = json.readTree(created).get("id").asText();
            send(first, "PUT", "/api/applications/" + applicationId + "/git-credential",
                    json.writeValueAsString(Map.of("kind", "HTTPS_TOKEN", "username", "oauth2", "token", token)));
        }

        try (ConfigurableApplicationContext second = start(masterKey)) {
            String masked = send(second, "PUT", "/api/applications/" + applicationId + "/environment/NOTE",
                    json.writeValueAsString(Map.of("value", "uses " + token)));
            send(second, "DELETE", "/api/applications/" + applicationId + "/git-credential", null);
            String unmasked = send(second, "PUT", "/api/applications/" + applicationId + "/environment/NOTE",
                    json.writeValueAsString(Map.of("value", "uses " + token)));

            assertThat(masked).contains("uses ********").doesNotContain(token);
            assertThat(unmasked).contains("uses " + token);
        }
    }

    @Test
    void secretFilesRewrittenAtStart() throws Exception {
        docker = DockerCheck.connect();
        String repository = createRepository(dataDirectory.resolve("repository"), SERVING_DOCKERFILE);
        Path masterKey = createMasterKey();
        Path secretFile;
        try (ConfigurableApplicationContext first = start(masterKey)) {
            String created = send(first, "POST", "/api/applications", """
                    {"name":"files-%s","repositoryUrl":"%s","ref":"main","containerPort":8080,
                     "healthCheckPath":"/health","secretFiles":true}"""
                    .formatted(UUID.randomUUID().toString().substring(0, 8), repository));
            applicationId = json.readTree(created).get("id").asText();
            send(first, "PUT", "/api/applications/" + applicationId + "/secrets/TLS_KEY",
                    json.writeValueAsString(Map.of("value", MULTI_LINE)));
            String deploymentId = json.readTree(send(first, "POST", "/api/applications/" + applicationId
                    + "/deployments", "")).get("id").asText();
            JsonNode finished = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> json.readTree(send(first, "GET", "/api/deployments/" + deploymentId, null)),
                            view -> List.of("SUCCEEDED", "FAILED").contains(view.get("status").asText()));
            assertThat(finished.get("status").asText()).as("deployment: %s", finished).isEqualTo("SUCCEEDED");
            secretFile = filesRoot.resolve(applicationId).resolve(deploymentId).resolve("TLS_KEY");
            assertThat(secretFile).exists();
        }
        deleteRecursively(filesRoot);

        try (ConfigurableApplicationContext second = start(masterKey)) {
            assertThat(Files.readAllBytes(secretFile)).isEqualTo(MULTI_LINE.getBytes(StandardCharsets.UTF_8));

            send(second, "DELETE", "/api/applications/" + applicationId, null);

            assertThat(filesRoot.resolve(applicationId)).doesNotExist();
        }
    }

    private Path createMasterKey() throws Exception {
        Path masterKey = dataDirectory.resolve("master.key");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(masterKey, Base64.getEncoder().encodeToString(key));
        return masterKey;
    }

    private ConfigurableApplicationContext start(Path masterKey) {
        return new SpringApplicationBuilder(QuickstartApplication.class).run("--server.port=0",
                "--slipway.data-directory=" + dataDirectory,
                "--spring.datasource.url=jdbc:h2:file:" + dataDirectory.resolve("events"),
                "--slipway.secrets.master-key-file=" + masterKey,
                "--slipway.secrets.create-master-key=false",
                "--slipway.secrets.key-directory=" + dataDirectory.resolve("keys"),
                "--slipway.secrets.files-directory=" + filesRoot,
                "--slipway.source.allow-local=true", "--slipway.security.mode=header",
                "--slipway.access.default-team=shared", "--slipway.access.default-team-role=admin");
    }

    private String send(ConfigurableApplicationContext context, String method, String path, String body)
            throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Slipway-User", "alice").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isLessThan(300);
        responses.add(response.body());
        return response.body();
    }

    private static String createRepository(Path directory, String dockerfile) throws Exception {
        Files.createDirectories(directory.resolve("www"));
        Files.writeString(directory.resolve("Dockerfile"), dockerfile);
        Files.writeString(directory.resolve("www").resolve("health"), "ok\n");
        PersonIdent author = new PersonIdent("Slipway Test", "test@slipway.test");
        try (Git git = Git.init().setInitialBranch("main").setDirectory(directory.toFile()).call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Add the application").setAuthor(author).setCommitter(author)
                    .setSign(false).call();
        }
        return "file://" + directory.toAbsolutePath();
    }

    private static void deleteRecursively(Path path) throws Exception {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path entry : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        }
    }

    private List<String> logLines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            lines.add(event.getFormattedMessage());
            for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                lines.add(String.valueOf(thrown.getMessage()));
            }
        }
        return lines;
    }

    private static String[] forms() {
        byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);
        return new String[] {SECRET, Base64.getEncoder().encodeToString(bytes),
            Base64.getEncoder().withoutPadding().encodeToString(bytes)};
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
