package dev.slipway.samples.auditcli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Verifies the audit chain of a running server through REST, GraphQL and the command-line tool, before and after
 * one byte of a stored event is changed in its H2 database.
 */
@SpringBootTest(classes = AuditServer.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(Lifecycle.PER_CLASS)
class AuditVerificationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final Path dataDirectory = Path.of("target", "audit-" + UUID.randomUUID()).toAbsolutePath();
    private static final String DATABASE_URL = "jdbc:h2:file:" + dataDirectory.resolve("events");
    private static final String VERIFY = "{ auditChainVerification { intact entriesChecked checkpointsChecked"
            + " firstBreak { kind position globalIndex message } } }";

    @Autowired
    private TestRestTemplate rest;
    @Autowired
    private DataSource dataSource;

    private JdbcTemplate jdbc;
    private Path publicKeyFile;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.jpa.hibernate.ddl-auto", () -> "update");
        registry.add("slipway.work-directory", () -> dataDirectory.resolve("work").toString());
        registry.add("slipway.audit.checkpoint-interval", () -> "3");
        registry.add("server.address", () -> "127.0.0.1");
    }

    @BeforeAll
    void createApplicationsAndSaveKey() throws Exception {
        jdbc = new JdbcTemplate(dataSource);
        for (int i = 0; i < 5; i++) {
            ResponseEntity<Map<String, Object>> created = exchange(HttpMethod.POST, "/api/applications", Map.of(
                    "name", "web-" + UUID.randomUUID().toString().substring(0, 8),
                    "repositoryUrl", "https://git.example.test/org/web.git", "ref", "main", "containerPort", 8080));
            assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        }
        ResponseEntity<String> key = rest.getForEntity("/api/audit-chain/public-key", String.class);
        assertThat(key.getHeaders().getContentType()).hasToString("application/jwk+json");
        publicKeyFile = dataDirectory.resolve("audit-public-key.jwk");
        Files.writeString(publicKeyFile, key.getBody());
        awaitChained();
    }

    @Test
    void untouchedChainIsIntactThroughEveryInterface() {
        long stored = awaitChained();

        Map<String, Object> overRest = exchange(HttpMethod.GET, "/api/audit-chain/verification", null).getBody();
        Map<String, Object> overGraphQl = graphQlVerification();
        CliRun cli = runCli();

        assertThat(overRest.get("intact")).isEqualTo(true);
        assertThat(((Number) overRest.get("entriesChecked")).longValue()).isEqualTo(stored);
        assertThat(overRest.get("checkpointsChecked")).isEqualTo(2);
        assertThat(overGraphQl.get("intact")).isEqualTo(true);
        assertThat(overGraphQl.get("entriesChecked")).isEqualTo((int) stored);
        assertThat(cli.exitCode()).isEqualTo(AuditCli.INTACT);
        assertThat(cli.out()).startsWith("intact: " + stored + " entries, 2 signed checkpoints");
    }

    /**
     * Waits until the chain's follower, which chains events right after they commit, has chained every stored
     * event, and returns their number.
     */
    private long awaitChained() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class),
                        stored -> stored.equals(jdbc.queryForObject("SELECT COUNT(*) FROM slipway_audit_chain",
                                Long.class)));
    }

    @Test
    void changedByteReportedByEveryInterface() {
        List<Long> indexes = jdbc.queryForList("SELECT global_index FROM domain_event_entry ORDER BY global_index",
                Long.class);
        long target = indexes.get(3);
        byte[] original = jdbc.queryForObject("SELECT payload FROM domain_event_entry WHERE global_index = ?",
                byte[].class, target);
        byte[] changed = original.clone();
        changed[5] ^= 0x20;
        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", changed, target);

        Map<String, Object> overRest;
        Map<String, Object> overGraphQl;
        CliRun cli;
        try {
            overRest = exchange(HttpMethod.GET, "/api/audit-chain/verification", null).getBody();
            overGraphQl = graphQlVerification();
            cli = runCli();
        } finally {
            jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", original, target);
        }

        assertThat(overRest.get("intact")).isEqualTo(false);
        assertThat(breakOf(overRest)).containsEntry("kind", "CHANGED").containsEntry("position", 4);
        assertThat(((Number) breakOf(overRest).get("globalIndex")).longValue()).isEqualTo(target);
        assertThat(breakOf(overGraphQl)).containsEntry("kind", "CHANGED").containsEntry("position", 4);
        assertThat(cli.exitCode()).isEqualTo(AuditCli.BROKEN);
        assertThat(cli.out()).startsWith("broken: CHANGED at position 4, global index " + target);
        assertThat(runCli().exitCode()).as("intact again once restored").isEqualTo(AuditCli.INTACT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void graphQlPublicKeyMatchesRest() throws Exception {
        Map<String, Object> response = exchange(HttpMethod.POST, "/graphql", Map.of("query", "{ auditPublicKey }"))
                .getBody();

        assertThat(response).doesNotContainKey("errors");
        String overGraphQl = (String) ((Map<String, Object>) response.get("data")).get("auditPublicKey");
        assertThat(overGraphQl).isEqualTo(Files.readString(publicKeyFile));
        assertThat(overGraphQl).contains("\"kty\":\"EC\"").doesNotContain("\"d\"");
    }

    @Test
    void cliWithoutPublicKeyExplainsUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exitCode = AuditCli.run(List.of("verify", "--url", DATABASE_URL), Map.of(), new PrintStream(
                new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exitCode).isEqualTo(AuditCli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Option '--public-key' is missing.")
                .contains("Usage: audit-cli verify");
    }

    private CliRun runCli() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = AuditCli.run(List.of("verify", "--url", DATABASE_URL, "--user", "sa", "--public-key",
                        publicKeyFile.toString(), "--checkpoint-interval", "3"), Map.of(AuditCli.PASSWORD_VARIABLE, ""),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        return new CliRun(exitCode, out.toString(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> graphQlVerification() {
        Map<String, Object> response = exchange(HttpMethod.POST, "/graphql", Map.of("query", VERIFY)).getBody();
        assertThat(response).doesNotContainKey("errors");
        return (Map<String, Object>) ((Map<String, Object>) response.get("data")).get("auditChainVerification");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> breakOf(Map<String, Object> verification) {
        return (Map<String, Object>) verification.get("firstBreak");
    }

    private ResponseEntity<Map<String, Object>> exchange(HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Slipway-User", "alice");
        return rest.exchange(path, method, new HttpEntity<>(body, headers), JSON);
    }

    private record CliRun(int exitCode, String out) {
    }
}
