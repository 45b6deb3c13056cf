package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testsupport.ConfiguredApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Secrets delivered as files, requested through GraphQL and read back inside a container on the real Docker. */
@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class SecretFilesGraphQlTest {

    private static final Path FILES_ROOT = Path.of("/dev/shm", "slipway-graphql-" + UUID.randomUUID());
    private static final String CREATE = """
            mutation Create($input: CreateApplicationInput!) {
                createApplication(input: $input) { id runtime { secretFiles secretFilesDirectory } }
            }""";
    private static final String SET_SECRET = """
            mutation Set($id: ID!, $value: String!) {
                setSecret(applicationId: $id, name: "TLS_KEY", value: $value) { version }
            }""";
    private static final String TEST_KEY = "-----BEGIN TEST KEY-----\nQUJDRA/EFG+ \"$HOME\" 'ü€'\n"
            + "-----END TEST KEY-----\n";

    @Autowired
    private HttpGraphQlTester graphQl;
    @RegisterExtension
    final ConfiguredApp docker = ConfiguredApp.connect();
    private String applicationId;

    @TempDir
    Path repository;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("slipway.secrets.files-directory", FILES_ROOT::toString);
    }

    @BeforeEach
    void setUp() {
        graphQl = graphQl.mutate().header("X-Slipway-User", "alice").build();
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
    void secretFileHoldsExactValueInsteadOfVariable() throws Exception {
        GraphQlTester.Response created = graphQl.document(CREATE).variable("input", Map.of(
                "name", "secret-files-" + UUID.randomUUID().toString().substring(0, 8),
                "repositoryUrl", ConfiguredApp.createRepository(repository), "ref", "main", "containerPort", 8080,
                "healthCheckPath", "/health", "secretFiles", true)).execute();
        applicationId = created.path("createApplication.id").entity(String.class).get();
        docker.removeAfterTest(applicationId);
        created.path("createApplication.runtime.secretFiles").entity(Boolean.class).isEqualTo(true)
                .path("createApplication.runtime.secretFilesDirectory").entity(String.class)
                .isEqualTo("/run/secrets");
        graphQl.document(SET_SECRET).variable("id", applicationId).variable("value", TEST_KEY).execute()
                .path("setSecret.version").hasValue();

        String containerId = deployAndAwaitSuccess();

        assertThat(docker.fileContent(containerId, "/run/secrets/TLS_KEY"))
                .isEqualTo(TEST_KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(docker.environment(containerId)).doesNotContainKey("TLS_KEY");
        graphQl.document("query A($id: ID!) { application(id: $id) { runtime { secretFiles } } }")
                .variable("id", applicationId).execute()
                .path("application.runtime.secretFiles").entity(Boolean.class).isEqualTo(true);
    }

    @Test
    void secretFilesDirectoryWithoutSecretFilesIsRejected() {
        graphQl.document(CREATE).variable("input", Map.of("name", "secret-files-" + UUID.randomUUID()
                        .toString().substring(0, 8), "repositoryUrl", "file:///tmp/never-cloned", "ref", "main",
                        "containerPort", 8080, "secretFilesDirectory", "/run/secrets")).execute()
                .errors().satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getExtensions().get("field")).isEqualTo("secretFilesDirectory");
                });
    }

    private String deployAndAwaitSuccess() {
        String deploymentId = graphQl.document("mutation Deploy($id: ID!) { deploy(applicationId: $id) { id } }")
                .variable("id", applicationId).execute()
                .path("deploy.id").entity(String.class).get();
        Map<String, Object> finished = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> deployment(deploymentId),
                        deployment -> List.of("SUCCEEDED", "FAILED").contains((String) deployment.get("status")));
        assertThat(finished.get("status")).as("deployment: %s", finished).isEqualTo("SUCCEEDED");
        return (String) finished.get("containerId");
    }

    private Map<String, Object> deployment(String deploymentId) {
        @SuppressWarnings("unchecked")
        Map<String, Object> deployment = graphQl.document("query D($id: ID!) { deployment(id: $id) {"
                        + " status reason containerId } }").variable("id", deploymentId).execute()
                .path("deployment").entity(Map.class).get();
        return deployment;
    }
}
