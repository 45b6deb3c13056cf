package dev.slipway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.web.security.IdentityService;
import dev.slipway.web.security.Totp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends real HTTP requests to a server on a random port. Every request carries an {@code X-Forwarded-For} address
 * of its own, so that the server, which trusts loopback as a proxy in these tests, counts each test's requests
 * against that address's rate limit only.
 */
final class SecuredClient {

    static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final String forwardedFor;

    SecuredClient(int port, String forwardedFor) {
        this.base = "http://127.0.0.1:" + port;
        this.forwardedFor = forwardedFor;
    }

    /** Returns an address in 198.51.100.0/24 (TEST-NET-2) that no other client in this JVM uses. */
    static String testAddress() {
        return "198.51.100." + NEXT_ADDRESS.incrementAndGet();
    }

    static String uniqueUser() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a user with {@link #PASSWORD} and returns its TOTP secret. */
    static byte[] createUser(IdentityService identities, String userName) {
        return Totp.fromBase32(identities.createUser(userName, PASSWORD));
    }

    static String code(byte[] secret, Instant at) {
        return Totp.DEFAULT.code(secret, Totp.DEFAULT.step(at.getEpochSecond()));
    }

    HttpResponse<String> login(String userName, String password, String code, String... headers) throws Exception {
        String body = json.writeValueAsString(Map.of("userName", userName, "password", password,
                "totpCode", code));
        return send("POST", "/api/auth/login", body, headers);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, null, headers);
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            names.add(headers[i]);
        }
        if (!names.contains("X-Forwarded-For")) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String forwardedFor() {
        return forwardedFor;
    }

    String json(Object body) throws Exception {
        return json.writeValueAsString(body);
    }

    JsonNode read(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }
}
