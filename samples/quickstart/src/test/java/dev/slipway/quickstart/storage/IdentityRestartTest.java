package dev.slipway.quickstart.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.quickstart.QuickstartApplication;
import dev.slipway.web.security.IdentityService;
import dev.slipway.web.security.Totp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Restarts the quickstart server in token mode over the same stored data, on the embedded H2 file and on
 * PostgreSQL, and checks that users, sessions and API tokens are the same after each restart. Two nodes of a cluster
 * on one PostgreSQL schema share them too.
 */
class IdentityRestartTest {

    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "staple battery horse correct";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void identitiesSurviveRestartOnH2File() throws Exception {
        Path dataDirectory = Path.of("target", "identity-h2-" + UUID.randomUUID()).toAbsolutePath();
        checkRestarts(dataDirectory, List.of("--spring.datasource.url=jdbc:h2:file:" + dataDirectory.resolve("events")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
    }

    @Test
    void identitiesSurviveRestartOnPostgres() throws Exception {
        Path dataDirectory = Path.of("target", "identity-pg-" + UUID.randomUUID()).toAbsolutePath();
        try (TestDatabase database = TestDatabase.create()) {
            checkRestarts(dataDirectory, List.of("--spring.profiles.active=postgresql",
                    "--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.user(),
                    "--spring.datasource.password=" + database.password()));
        }
    }

    @Test
    void identitiesAreSharedByTwoNodes() throws Exception {
        Path dataDirectory = Path.of("target", "identity-nodes-" + UUID.randomUUID()).toAbsolutePath();
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase database = TestDatabase.create()) {
            List<String> storage = List.of("--spring.profiles.active=postgresql",
                    "--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.user(),
                    "--spring.datasource.password=" + database.password(), "--slipway.cluster.enabled=true");
            try (Node nodeA = Node.start(dataDirectory, with(storage, "--slipway.cluster.node-id=identity-a"));
                 Node nodeB = Node.start(dataDirectory, with(storage, "--slipway.cluster.node-id=identity-b"))) {
                byte[] secret = Totp.fromBase32(nodeA.identities().createUser(alice, PASSWORD));
                JsonNode session = login(nodeB, alice, PASSWORD, code(secret));
                String access = session.path("accessToken").asText();
                assertThat(get(nodeA, "/api/applications", access)).as("node B's access token on node A")
                        .isEqualTo(200);
                JsonNode apiToken = issueApiToken(nodeA, access);
                String token = apiToken.path("token").asText();
                assertThat(get(nodeB, "/api/applications", token)).as("node A's API token on node B").isEqualTo(200);

                HttpResponse<String> rotated = refresh(nodeA, session.path("refreshToken").asText());
                assertThat(rotated.statusCode()).as("node B's refresh token on node A").isEqualTo(200);
                String newAccess = json.readTree(rotated.body()).path("accessToken").asText();
                assertThat(send(nodeB, "DELETE", "/api/auth/api-tokens/" + apiToken.path("id").asText(), newAccess,
                        null).statusCode()).as("revocation on node B").isEqualTo(204);
                assertThat(get(nodeA, "/api/applications", token)).as("revoked API token on node A").isEqualTo(401);
                assertThat(refresh(nodeB, session.path("refreshToken").asText()).statusCode())
                        .as("exchanged refresh token again on node B").isEqualTo(401);
                assertThat(get(nodeA, "/api/applications", newAccess)).as("access token of the ended session")
                        .isEqualTo(401);
            }
        }
    }

    private static List<String> with(List<String> arguments, String extra) {
        List<String> all = new ArrayList<>(arguments);
        all.add(extra);
        return all;
    }

    private void checkRestarts(Path dataDirectory, List<String> storage) throws Exception {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        String aliceCode;
        String aliceRefresh;
        String aliceAccess;
        String keptToken;
        String revokedToken;
        String revokedTokenId;
        String bobRefresh;
        try (Node node = Node.start(dataDirectory, storage)) {
            byte[] aliceSecret = Totp.fromBase32(node.identities().createUser(alice, PASSWORD));
            byte[] bobSecret = Totp.fromBase32(node.identities().createUser(bob, PASSWORD));
            aliceCode = code(aliceSecret);
            JsonNode aliceSession = login(node, alice, PASSWORD, aliceCode);
            aliceRefresh = aliceSession.path("refreshToken").asText();
            aliceAccess = aliceSession.path("accessToken").asText();
            keptToken = issueApiToken(node, aliceAccess).path("token").asText();
            JsonNode revoked = issueApiToken(node, aliceAccess);
            revokedToken = revoked.path("token").asText();
            revokedTokenId = revoked.path("id").asText();
            JsonNode bobSession = login(node, bob, PASSWORD, code(bobSecret));
            bobRefresh = bobSession.path("refreshToken").asText();
            int logout = send(node, "POST", "/api/auth/logout", bobSession.path("accessToken").asText(), null)
                    .statusCode();
            assertThat(logout).as("logout of %s", bob).isEqualTo(204);
        }

        String rotatedRefresh;
        try (Node node = Node.start(dataDirectory, storage)) {
            assertThat(get(node, "/api/applications", keptToken)).as("API token after a restart").isEqualTo(200);
            assertThat(get(node, "/api/applications", aliceAccess)).as("access token after a restart")
                    .isEqualTo(200);
            HttpResponse<String> refreshed = refresh(node, aliceRefresh);
            assertThat(refreshed.statusCode()).as("refresh token after a restart").isEqualTo(200);
            JsonNode tokens = json.readTree(refreshed.body());
            rotatedRefresh = tokens.path("refreshToken").asText();
            assertThat(rotatedRefresh).as("rotated refresh token").isNotEqualTo(aliceRefresh);
            String access = tokens.path("accessToken").asText();
            assertThat(get(node, "/api/applications", access)).as("access token after a refresh").isEqualTo(200);
            assertThat(refresh(node, bobRefresh).statusCode()).as("refresh after logout and restart")
                    .isEqualTo(401);
            assertThat(send(node, "DELETE", "/api/auth/api-tokens/" + revokedTokenId, access, null).statusCode())
                    .as("revocation").isEqualTo(204);
            assertThat(get(node, "/api/applications", revokedToken)).as("revoked API token").isEqualTo(401);
            String change = json.writeValueAsString(Map.of("currentPassword", PASSWORD,
                    "newPassword", NEW_PASSWORD));
            assertThat(send(node, "PUT", "/api/auth/password", access, change).statusCode()).as("password change")
                    .isEqualTo(204);
        }

        try (Node node = Node.start(dataDirectory, storage)) {
            assertThat(get(node, "/api/applications", revokedToken)).as("revoked API token after a restart")
                    .isEqualTo(401);
            assertThat(get(node, "/api/applications", keptToken)).as("kept API token after two restarts")
                    .isEqualTo(200);
            assertThat(refresh(node, rotatedRefresh).statusCode()).as("refresh after a password change")
                    .isEqualTo(401);
            assertThat(get(node, "/api/applications", aliceAccess)).as("access token after a password change")
                    .isEqualTo(401);
            assertThat(loginStatus(node, alice, NEW_PASSWORD, aliceCode)).as("TOTP code used before the restart")
                    .isEqualTo(401);
        }
    }

    private static String code(byte[] secret) {
        return Totp.DEFAULT.code(secret, Totp.DEFAULT.step(Instant.now().getEpochSecond()));
    }

    private JsonNode login(Node node, String userName, String password, String code) throws Exception {
        HttpResponse<String> response = send(node, "POST", "/api/auth/login", null, json.writeValueAsString(
                Map.of("userName", userName, "password", password, "totpCode", code)));
        assertThat(response.statusCode()).as("sign-in of %s", userName).isEqualTo(200);
        return json.readTree(response.body());
    }

    private int loginStatus(Node node, String userName, String password, String code) throws Exception {
        return send(node, "POST", "/api/auth/login", null, json.writeValueAsString(
                Map.of("userName", userName, "password", password, "totpCode", code))).statusCode();
    }

    private JsonNode issueApiToken(Node node, String accessToken) throws Exception {
        HttpResponse<String> response = send(node, "POST", "/api/auth/api-tokens", accessToken,
                "{\"scope\":\"read\"}");
        assertThat(response.statusCode()).as("API token request").isEqualTo(201);
        return json.readTree(response.body());
    }

    private HttpResponse<String> refresh(Node node, String refreshToken) throws Exception {
        return send(node, "POST", "/api/auth/refresh", null,
                json.writeValueAsString(Map.of("refreshToken", refreshToken)));
    }

    private int get(Node node, String path, String token) throws Exception {
        return send(node, "GET", path, token, null).statusCode();
    }

    private HttpResponse<String> send(Node node, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One quickstart server in token mode on a random loopback port. */
    private record Node(ConfigurableApplicationContext context) implements AutoCloseable {

        static Node start(Path dataDirectory, List<String> storage) {
            List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                    "--slipway.data-directory=" + dataDirectory,
                    "--slipway.work-directory=" + dataDirectory.resolve("work"),
                    "--slipway.secrets.create-master-key=true",
                    "--slipway.secrets.key-directory=" + dataDirectory.resolve("keys"),
                    "--slipway.quickstart.initial-user="));
            arguments.addAll(storage);
            return new Node(new SpringApplicationBuilder(QuickstartApplication.class)
                    .run(arguments.toArray(String[]::new)));
        }

        IdentityService identities() {
            return context.getBean(IdentityService.class);
        }

        int port() {
            return ((WebServerApplicationContext) context).getWebServer().getPort();
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
