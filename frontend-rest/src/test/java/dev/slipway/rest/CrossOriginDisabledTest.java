package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tests over real HTTP that no response carries CORS headers while {@code slipway.security.cors.allowed-origins} is
 * empty, so browsers let only pages of the server's own origin read the API's responses.
 */
@SpringBootTest(classes = RestTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class CrossOriginDisabledTest {

    private static final String UI_ORIGIN = "https://console.example.com";

    @LocalServerPort
    private int port;

    @Test
    void preflightGetsNoCorsHeaders() throws Exception {
        SecuredClient client = new SecuredClient(port, SecuredClient.testAddress());

        HttpResponse<String> response = client.send("OPTIONS", "/api/applications", null, "Origin", UI_ORIGIN,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-slipway-user");

        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers")).isEmpty();
    }

    @Test
    void getWithOriginGetsNoCorsHeaders() throws Exception {
        SecuredClient client = new SecuredClient(port, SecuredClient.testAddress());

        HttpResponse<String> response = client.get("/api/applications", "Origin", UI_ORIGIN, "X-Slipway-User",
                "alice");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Expose-Headers")).isEmpty();
    }
}
