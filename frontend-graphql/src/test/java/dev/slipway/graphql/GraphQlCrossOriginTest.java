package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.web.security.IdentityService;
import dev.slipway.web.security.Totp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Tests over real HTTP that a browser page of a listed origin can send GraphQL requests with a bearer token. */
@SpringBootTest(classes = GraphQlTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "slipway.security.mode=token",
    "slipway.security.cors.allowed-origins=" + GraphQlCrossOriginTest.UI_ORIGIN})
class GraphQlCrossOriginTest {

    static final String UI_ORIGIN = "https://console.example.com";
    private static final String PASSWORD = "correct horse battery";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    private int port;

    @Autowired
    private IdentityService identities;

    @Test
    void preflightFromListedOriginIsAllowed() throws Exception {
        HttpResponse<String> response = preflight(UI_ORIGIN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI_ORIGIN);
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                methods -> assertThat(methods).contains("POST"));
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                headers -> assertThat(headers).contains("authorization").contains("content-type"));
    }

    @Test
    void preflightFromUnlistedOriginIsRejected() throws Exception {
        HttpResponse<String> response = preflight("https://evil.example.com");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void queryFromListedOriginCarriesCorsHeaders() throws Exception {
        String body = json.writeValueAsString(Map.of("query", "{ applications { id } }"));
        HttpRequest request = HttpRequest.newBuilder(uri("/graphql"))
                .header("Origin", UI_ORIGIN)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + signIn())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("data").has("applications")).isTrue();
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI_ORIGIN);
        assertThat(response.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(
                headers -> assertThat(headers).contains("X-Correlation-Id"));
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/graphql"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String signIn() throws Exception {
        String user = "user-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] secret = Totp.fromBase32(identities.createUser(user, PASSWORD));
        String code = Totp.DEFAULT.code(secret, Totp.DEFAULT.step(Instant.now().getEpochSecond()));
        String body = json.writeValueAsString(Map.of("userName", user, "password", PASSWORD, "totpCode", code));
        HttpRequest login = HttpRequest.newBuilder(uri("/api/auth/login"))
                .header("Origin", UI_ORIGIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(login, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body()).get("accessToken").asText();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
