package dev.slipway.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
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
 * The quickstart server in its default token mode: it prints the initial user's password and TOTP secret once at
 * start, and a client signs in with them and calls both APIs with the access token.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = QuickstartApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class QuickstartLoginTest {

    private static final Path dataDirectory = Path.of("target", "login-" + UUID.randomUUID()).toAbsolutePath();

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
    void printedInitialUserSignsInAndCallsBothApis(CapturedOutput output) throws Exception {
        HttpResponse<String> login = InitialUserSignIn.signIn(http, port, output.getOut());
        String token = json.readTree(login.body()).path("accessToken").asText();
        HttpResponse<String> rest = http.send(HttpRequest.newBuilder(uri("/api/applications"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> graphQl = post("/graphql", "{\"query\":\"{ applications { id } }\"}", token);
        HttpResponse<String> anonymous = post("/graphql", "{\"query\":\"{ applications { id } }\"}", null);

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(graphQl.statusCode()).isEqualTo(200);
        JsonNode data = json.readTree(graphQl.body()).path("data");
        assertThat(data.has("applications")).isTrue();
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(output.getOut()).contains("/api/auth/login");
        assertThat(output.getOut()).doesNotContain("Using generated security password");
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
