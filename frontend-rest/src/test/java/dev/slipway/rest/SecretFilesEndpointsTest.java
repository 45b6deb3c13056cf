package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testsupport.ConfiguredApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Secrets delivered as files: created through REST, deployed to the real Docker engine, read back inside the running
 * container, and looked for in every place they must not reach.
 */
@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class SecretFilesEndpointsTest {

    private static final Path FILES_ROOT = Path.of("/dev/shm", "slipway-rest-" + UUID.randomUUID());
    private static final String DOCKERFILE = """
            FROM busybox:stable
            COPY www/ /www/
            USER 65534:65534
            EXPOSE 8080
            CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"]
            """;
    private static final Map<String, String> SECRETS = secrets();

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    private RestApi api;
    @RegisterExtension
    final ConfiguredApp docker = ConfiguredApp.connect();

    @TempDir
    Path workspace;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("slipway.secrets.files-directory", FILES_ROOT::toString);
    }

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
    }

    @AfterAll
    static void removeFilesRoot() throws Exception {
        if (Files.exists(FILES_ROOT)) {
            try (var paths = Files.walk(FILES_ROOT)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    void secretFilesHoldExactValues() throws Exception {
        String applicationId = createApplication(Map.of("secretFiles", true));
        SECRETS.forEach((name, value) -> setSecret(applicationId, name, value));

        JsonNode deployment = deployAndAwait(applicationId);
        String containerId = deployment.get("containerId").asText();

        for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
            assertThat(docker.fileContent(containerId, "/run/secrets/" + secret.getKey())).as(secret.getKey())
                    .isEqualTo(secret.getValue().getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> environment = docker.environment(containerId);
        assertThat(environment).doesNotContainKeys(SECRETS.keySet().toArray(String[]::new));
        assertThat(String.join("\n", docker.configuredEnvironment(containerId)))
                .doesNotContain(SECRETS.values());
        assertThat(docker.changedPaths(containerId)).noneMatch(path -> path.startsWith("/run/secrets/"));
        assertThat(docker.imageHistory(docker.imageOf(containerId))).doesNotContain(SECRETS.values())
                .doesNotContain(SECRETS.keySet());
        Path hostDirectory = FILES_ROOT.resolve(applicationId).resolve(deployment.get("id").asText());
        assertThat(Files.getFileStore(hostDirectory).type()).isEqualTo("tmpfs");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(FILES_ROOT.resolve(applicationId))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hostDirectory.resolve("API_KEY"))))
                .isEqualTo("r--r--r--");
    }

    @Test
    void secretFilesFollowContainerAndApplication() throws Exception {
        String applicationId = createApplication(Map.of("secretFiles", true,
                "secretFilesDirectory", "/etc/app-secrets"));
        setSecret(applicationId, "API_KEY", SECRETS.get("API_KEY"));

        JsonNode first = deployAndAwait(applicationId);
        Path firstDirectory = FILES_ROOT.resolve(applicationId).resolve(first.get("id").asText());
        assertThat(firstDirectory.resolve("API_KEY")).exists();
        JsonNode runtime = api.read(api.get("/api/applications/" + applicationId)).get("runtime");
        JsonNode second = deployAndAwait(applicationId);

        assertThat(runtime.get("secretFiles").asBoolean()).isTrue();
        assertThat(runtime.get("secretFilesDirectory").asText()).isEqualTo("/etc/app-secrets");
        assertThat(docker.fileContent(second.get("containerId").asText(), "/etc/app-secrets/API_KEY"))
                .isEqualTo(SECRETS.get("API_KEY").getBytes(StandardCharsets.UTF_8));
        assertThat(firstDirectory).doesNotExist();
        assertThat(FILES_ROOT.resolve(applicationId).resolve(second.get("id").asText()).resolve("API_KEY"))
                .exists();

        MockHttpServletResponse deleted = mvc.perform(MockMvcRequestBuilders.delete("/api/applications/"
                + applicationId).header("X-Slipway-User", "alice")).andReturn().getResponse();

        assertThat(deleted.getStatus()).as(deleted.getContentAsString()).isEqualTo(200);
        assertThat(FILES_ROOT.resolve(applicationId)).doesNotExist();
    }

    @Test
    void secretFilesDirectoryWithoutSecretFilesIsRejected() throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), "file:///tmp/never-cloned");
        body.put("secretFilesDirectory", "/run/secrets");

        MockHttpServletResponse response = api.postJson("/api/applications", body, "X-Slipway-User", "alice");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("field").asText()).isEqualTo("secretFilesDirectory");
    }

    @Test
    void secretFilesDirectoryOnVolumeTargetIsRejected() throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), "file:///tmp/never-cloned");
        body.put("secretFiles", true);
        body.put("volumes", List.of("data:/run/secrets"));

        MockHttpServletResponse response = api.postJson("/api/applications", body, "X-Slipway-User", "alice");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("field").asText()).isEqualTo("secretFilesDirectory");
    }

    private static Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("API_KEY", "sk_test_PLACEHOLDER_987");
        secrets.put("MULTI_LINE", "-----BEGIN TEST KEY-----\nQUJDRA/EFG+\n-----END TEST KEY-----\n");
        secrets.put("QUOTED", "it's \"quoted\" and p4ss$word$$end$ `tick`");
        secrets.put("NON_ASCII", "pässwörd-€-日本語");
        return secrets;
    }

    private String createApplication(Map<String, Object> options) throws Exception {
        String url = ConfiguredApp.createRepository(workspace.resolve(UUID.randomUUID().toString()), DOCKERFILE);
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), url);
        body.put("healthCheckPath", "/health");
        body.putAll(options);
        MockHttpServletResponse created = api.postJson("/api/applications", body, "X-Slipway-User", "alice");
        assertThat(created.getStatus()).as("creation: %s", created.getContentAsString()).isEqualTo(201);
        String id = api.read(created).get("id").asText();
        docker.removeAfterTest(id);
        return id;
    }

    private void setSecret(String applicationId, String name, String value) {
        try {
            MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders
                            .put("/api/applications/" + applicationId + "/secrets/" + name)
                            .contentType(MediaType.APPLICATION_JSON)
                            .header("X-Slipway-User", "alice")
                            .content(json.writeValueAsString(Map.of("value", value))))
                    .andReturn().getResponse();
            assertThat(response.getStatus()).as("set secret %s: %s", name, response.getContentAsString())
                    .isEqualTo(200);
        } catch (Exception e) {
            throw new AssertionError("Unable to set secret " + name, e);
        }
    }

    private JsonNode deployAndAwait(String applicationId) throws Exception {
        MockHttpServletResponse accepted = api.post("/api/applications/" + applicationId + "/deployments",
                "X-Slipway-User", "alice");
        String deploymentId = api.read(accepted).get("id").asText();
        JsonNode finished = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId)),
                        view -> List.of("SUCCEEDED", "FAILED").contains(view.get("status").asText()));
        assertThat(finished.get("status").asText()).as("deployment: %s", finished).isEqualTo("SUCCEEDED");
        return finished;
    }
}
