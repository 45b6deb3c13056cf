package dev.slipway.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Audit chain verification over both APIs of the quickstart on its H2 event store, by a caller who is admin of the
 * default team and so may verify the events of every team.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = QuickstartApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "slipway.access.default-team=operations",
    "slipway.access.default-team-role=admin"})
class AuditChainOverHttpTest {

    private static final Path dataDirectory = Path.of("target", "chain-" + UUID.randomUUID()).toAbsolutePath();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("slipway.data-directory", () -> dataDirectory.toString());
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dataDirectory.resolve("events"));
        registry.add("slipway.work-directory", () -> dataDirectory.resolve("work").toString());
    }

    @Test
    void defaultTeamAdminVerifiesChain(CapturedOutput output) throws Exception {
        String token = signIn(output.getOut());
        HttpResponse<String> created = send("/api/applications", json.writeValueAsString(Map.of(
                "name", "chain-" + UUID.randomUUID().toString().substring(0, 8),
                "repositoryUrl", "https://git.example.test/o/r.git", "ref", "main", "containerPort", 8080)), token);
        assertThat(created.statusCode()).as("creation: %s", created.body()).isEqualTo(201);

        JsonNode rest = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> json.readTree(send("/api/audit-chain/verification", null, token).body()),
                        verification -> verification.path("pendingEvents").asLong(-1) == 0);
        JsonNode graphQl = json.readTree(send("/graphql", "{\"query\":\"{ auditChainVerification { intact"
                + " entriesChecked pendingEvents firstBreak { kind } } }\"}", token).body())
                .path("data").path("auditChainVerification");

        assertThat(rest.path("intact").asBoolean()).as("verification %s", rest).isTrue();
        assertThat(rest.path("entriesChecked").asLong()).isPositive();
        assertThat(graphQl.path("intact").asBoolean()).as("verification %s", graphQl).isTrue();
        assertThat(graphQl.path("entriesChecked").asLong()).isGreaterThanOrEqualTo(rest.path("entriesChecked")
                .asLong());
        assertThat(graphQl.path("firstBreak").isNull()).isTrue();
    }

    private String signIn(String printed) throws Exception {
        HttpResponse<String> login = InitialUserSignIn.signIn(http, port, printed);
        assertThat(login.statusCode()).as("sign-in: %s", login.body()).isEqualTo(200);
        return json.readTree(login.body()).path("accessToken").asText();
    }

    /** Sends a POST with {@code body}, or a GET when it is null. */
    private HttpResponse<String> send(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
