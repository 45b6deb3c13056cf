package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.web.security.IdentityService;
import dev.slipway.web.security.Totp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(classes = GraphQlTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "slipway.security.mode=token",
    "slipway.security.trusted-proxies=127.0.0.1",
    "slipway.security.max-request-bytes=65536",
    "slipway.security.rate-limits.requests-per-address=10",
    "slipway.graphql.introspection=false"})
class GraphQlSecurityTest {

    private static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    private int port;

    @Autowired
    private IdentityService identities;

    @Test
    void queryWithoutTokenIsUnauthorized() throws Exception {
        HttpResponse<String> response = graphQl("{ applications { id } }", null, newAddress());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void queryWithAccessTokenRuns() throws Exception {
        String address = newAddress();

        HttpResponse<String> response = graphQl("{ applications { id } }", signIn(address), address);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("data").has("applications")).isTrue();
    }

    @Test
    void introspectionIsOffByDefault() throws Exception {
        String address = newAddress();

        JsonNode body = json.readTree(graphQl("{ __schema { queryType { name } } }", signIn(address), address)
                .body());

        assertThat(body.path("errors")).isNotEmpty();
        assertThat(body.path("data").path("__schema").isMissingNode() || body.path("data").isNull()).isTrue();
    }

    @Test
    void queryOverComplexityLimitIsRejectedBeforeFetching() throws Exception {
        String address = newAddress();
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 600; i++) {
            query.append(" a").append(i).append(": applications { id }");
        }
        query.append(" }");

        JsonNode body = json.readTree(graphQl(query.toString(), signIn(address), address).body());

        assertThat(body.path("errors").get(0).path("message").asText()).contains("complexity");
        assertThat(body.path("data").path("a0").isMissingNode() || body.path("data").isNull()).isTrue();
    }

    @Test
    void subscriptionOverPlainHttpIsRejected() throws Exception {
        String address = newAddress();
        String subscription = "subscription { deploymentLogs(deploymentId: \"" + UUID.randomUUID()
                + "\") { text } }";

        HttpResponse<String> response = graphQl(subscription, signIn(address), address);
        JsonNode body = json.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.path("data").isNull() || body.path("data").isMissingNode()).as("response %s", body).isTrue();
        assertThat(body.path("errors").get(0).path("extensions").path("classification").asText())
                .isEqualTo("BAD_USER_INPUT");
        assertThat(body.path("errors").get(0).path("message").asText()).contains("text/event-stream");
    }

    @Test
    void repeatedChainVerificationIsRejected() throws Exception {
        String address = newAddress();
        String query = "{ a: auditChainVerification { intact } b: auditChainVerification { intact } }";

        JsonNode body = json.readTree(graphQl(query, signIn(address), address).body());

        assertThat(body.path("errors").get(0).path("message").asText()).contains("complexity");
        assertThat(body.path("data").path("a").isMissingNode() || body.path("data").isNull()).isTrue();
    }

    @Test
    void repeatedReplayInFragmentIsRejected() throws Exception {
        String address = newAddress();
        String query = "mutation { ...replays } fragment replays on Mutation { a: replayReadModels { duration }"
                + " b: replayReadModel(name: \"audit\") { duration } }";

        JsonNode body = json.readTree(graphQl(query, signIn(address), address).body());

        assertThat(body.path("errors").get(0).path("message").asText()).contains("complexity");
    }

    @Test
    void singleChainVerificationPassesComplexityLimit() throws Exception {
        String address = newAddress();

        JsonNode body = json.readTree(graphQl("{ auditChainVerification { intact } applications { id } }",
                signIn(address), address).body());

        // The resolver ran: it returns the chain's state, or an error of its own when the engine keeps no chain.
        assertThat(body.toString()).doesNotContain("complexity");
        assertThat(body.path("data").has("auditChainVerification")
                || body.path("errors").get(0).path("path").get(0).asText().equals("auditChainVerification"))
                .as("response %s", body).isTrue();
    }

    @Test
    void requestLargerThanLimitIsRejected() throws Exception {
        String address = newAddress();
        String query = "{ applications { id } }" + " ".repeat(70_000);

        HttpResponse<String> response = graphQl(query, signIn(address), address);

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void chunkedRequestLargerThanLimitIsRejected() throws Exception {
        String address = newAddress();
        String query = "{ applications { id } }" + " ".repeat(70_000);

        HttpResponse<String> response = chunkedGraphQl(query, signIn(address), address);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json.readTree(response.body()).path("detail").asText()).contains("65536 bytes");
    }

    @Test
    void chunkedRequestWithinLimitRuns() throws Exception {
        String address = newAddress();

        HttpResponse<String> response = chunkedGraphQl("{ applications { id } }", signIn(address), address);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("data").has("applications")).isTrue();
    }

    @Test
    void restAndGraphQlShareAddressLimit() throws Exception {
        String address = newAddress();
        String token = signIn(address);
        // The sign-in took the first of the address's 10 requests; 9 more REST requests use up the rest.
        for (int i = 0; i < 9; i++) {
            HttpResponse<String> keys = send(HttpRequest.newBuilder(uri("/api/auth/jwks")).GET(), address);
            assertThat(keys.statusCode()).as("request %s", i).isEqualTo(200);
        }

        HttpResponse<String> limited = graphQl("{ applications { id } }", token, address);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }

    /** Signs a new user in from {@code address}, which takes one request of that address's limit. */
    private String signIn(String address) throws Exception {
        String user = "user-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] secret = Totp.fromBase32(identities.createUser(user, PASSWORD));
        String code = Totp.DEFAULT.code(secret, Totp.DEFAULT.step(Instant.now().getEpochSecond()));
        String body = json.writeValueAsString(Map.of("userName", user, "password", PASSWORD, "totpCode", code));
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), address);
        assertThat(login.statusCode()).isEqualTo(200);
        return json.readTree(login.body()).get("accessToken").asText();
    }

    private HttpResponse<String> graphQl(String query, String token, String address) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/graphql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("query", query))));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request, address);
    }

    /** Sends the query with a body of unknown length, which HTTP/1.1 sends chunked without Content-Length. */
    private HttpResponse<String> chunkedGraphQl(String query, String token, String address) throws Exception {
        byte[] body = json.writeValueAsBytes(Map.of("query", query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/graphql"))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        return send(request, address);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String address) throws Exception {
        return http.send(request.header("X-Forwarded-For", address).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Returns an address in 198.51.100.0/24 (TEST-NET-2) that no other test of this class uses. */
    private static String newAddress() {
        return "198.51.100." + NEXT_ADDRESS.incrementAndGet();
    }
}
