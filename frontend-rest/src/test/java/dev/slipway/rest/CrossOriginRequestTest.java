package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.audit.FindAuditEventsQuery;
import dev.slipway.web.security.IdentityService;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tests over real HTTP that a browser page of a listed origin can call the REST API with a bearer token, and that
 * every other origin is rejected. Authentication, the rate limits, the request size limit and the firewall still
 * apply to cross-origin requests.
 */
@SpringBootTest(classes = RestTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "slipway.security.mode=token",
    "slipway.security.trusted-proxies=127.0.0.1",
    "slipway.security.cors.allowed-origins=" + CrossOriginRequestTest.UI_ORIGIN + ",http://localhost:5173",
    "slipway.security.cors.max-age=10m",
    "slipway.security.max-request-bytes=4096",
    "slipway.security.rate-limits.requests-per-address=6"})
@ExtendWith(OutputCaptureExtension.class)
class CrossOriginRequestTest {

    static final String UI_ORIGIN = "https://console.example.com";
    private static final int REQUESTS_PER_ADDRESS = 6;

    @LocalServerPort
    private int port;

    @Autowired
    private IdentityService identities;

    @Autowired
    private QueryGateway queries;

    private SecuredClient client;

    @BeforeEach
    void newClient() {
        client = new SecuredClient(port, SecuredClient.testAddress());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET, /api/applications",
        "POST, /api/applications",
        "DELETE, /api/applications/some-id",
        "PUT, /api/auth/password",
        "POST, /api/auth/login",
        "GET, /api/auth/me",
        "GET, /api/deployments/some-id/logs/stream"})
    void preflightFromListedOriginIsAllowed(String method, String path) throws Exception {
        HttpResponse<String> response = preflight(path, UI_ORIGIN, method,
                "authorization, content-type, x-correlation-id");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI_ORIGIN);
        assertThat(commaSeparated(response, "Access-Control-Allow-Methods"))
                .containsExactly("GET", "HEAD", "POST", "PUT", "DELETE");
        assertThat(commaSeparated(response, "Access-Control-Allow-Headers"))
                .containsExactlyInAnyOrder("authorization", "content-type", "x-correlation-id");
        assertThat(response.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(response.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Origin"));
    }

    @Test
    void preflightForOtherApiHeadersIsAllowed() throws Exception {
        HttpResponse<String> response = preflight("/api/applications/some-id/deployments", "http://localhost:5173",
                "POST", "Idempotency-Key, Last-Event-ID");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
        assertThat(commaSeparated(response, "Access-Control-Allow-Headers"))
                .containsExactlyInAnyOrder("Idempotency-Key", "Last-Event-ID");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://evil.example.com", "http://console.example.com", "https://console.example.com:8443",
        "https://console.example.com.evil.example", "https://sub.console.example.com", "null"})
    void preflightFromUnlistedOriginIsRejected(String origin) throws Exception {
        HttpResponse<String> response = preflight("/api/applications", origin, "GET", "authorization");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
    }

    @Test
    void preflightForUnlistedMethodIsRejected() throws Exception {
        HttpResponse<String> response = preflight("/api/applications", UI_ORIGIN, "PATCH", "authorization");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void preflightForUnlistedHeaderIsRejected() throws Exception {
        HttpResponse<String> response = preflight("/api/applications", UI_ORIGIN, "GET", "x-slipway-user");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void preflightAllowsOnlyListedHeaders() throws Exception {
        // Spring responds with the listed headers among those requested, and the browser then refuses to send a
        // request with any header that the response leaves out.
        HttpResponse<String> response = preflight("/api/applications", UI_ORIGIN, "GET",
                "authorization, x-slipway-user");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(commaSeparated(response, "Access-Control-Allow-Headers")).containsExactly("authorization");
    }

    @Test
    void getFromListedOriginCarriesCorsHeaders() throws Exception {
        String accessToken = signIn();

        HttpResponse<String> response = client.get("/api/applications", "Origin", UI_ORIGIN, "Authorization",
                "Bearer " + accessToken, "X-Correlation-Id", "cors-get");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI_ORIGIN);
        assertThat(commaSeparated(response, "Access-Control-Expose-Headers"))
                .containsExactly("X-Correlation-Id", "Retry-After", "Location", "Link");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue("cors-get");
    }

    @Test
    void createFromListedOriginExposesLocation() throws Exception {
        String accessToken = signIn();
        String body = client.json(RestApi.applicationBody(RestApi.uniqueName(),
                "https://git.example.test/org/cors.git"));

        HttpResponse<String> response = client.send("POST", "/api/applications", body, "Origin", UI_ORIGIN,
                "Authorization", "Bearer " + accessToken);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI_ORIGIN);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).startsWith("/api/applications/"));
        assertThat(commaSeparated(response, "Access-Control-Expose-Headers")).contains("Location");
    }

    @Test
    void headFromListedOriginIsAllowed() throws Exception {
        HttpResponse<String> response = client.send("HEAD", "/api/applications", null, "Origin", UI_ORIGIN);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI_ORIGIN);
    }

    @Test
    void getFromListedOriginStillNeedsToken() throws Exception {
        HttpResponse<String> response = client.get("/api/applications", "Origin", UI_ORIGIN);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI_ORIGIN);
        assertThat(response.body()).contains("needs a bearer token");
    }

    @Test
    void getFromServerOriginIsNotCrossOrigin() throws Exception {
        HttpResponse<String> response = client.get("/api/applications", "Origin", "http://127.0.0.1:" + port);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void getFromUnlistedOriginIsRejected() throws Exception {
        String accessToken = signIn();

        HttpResponse<String> response = client.get("/api/applications", "Origin", "https://evil.example.com",
                "Authorization", "Bearer " + accessToken);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(response.body()).doesNotContain("\"id\"");
    }

    @Test
    void rateLimitAppliesToCrossOriginRequests() throws Exception {
        for (int i = 0; i < REQUESTS_PER_ADDRESS; i++) {
            assertThat(client.get("/api/applications", "Origin", UI_ORIGIN).statusCode()).as("request %d", i)
                    .isEqualTo(401);
        }

        HttpResponse<String> limited = client.get("/api/applications", "Origin", UI_ORIGIN);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI_ORIGIN);
        assertThat(commaSeparated(limited, "Access-Control-Expose-Headers")).contains("Retry-After");
    }

    @Test
    void preflightsDoNotCountAgainstAddressLimit() throws Exception {
        for (int i = 0; i < 2 * REQUESTS_PER_ADDRESS; i++) {
            assertThat(preflight("/api/applications", UI_ORIGIN, "GET", "authorization").statusCode())
                    .as("preflight %d", i).isEqualTo(200);
        }

        assertThat(client.get("/api/applications", "Origin", UI_ORIGIN).statusCode()).isEqualTo(401);
    }

    @Test
    void preflightLeavesNoAuditEntryOrWarning(CapturedOutput output) throws Exception {
        int entriesBefore = auditEntries().size();
        int logStart = output.getAll().length();

        HttpResponse<String> listed = preflight("/api/applications", UI_ORIGIN, "DELETE", "authorization");
        HttpResponse<String> unlisted = preflight("/api/applications", "https://evil.example.com", "DELETE",
                "authorization");

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(unlisted.statusCode()).isEqualTo(403);
        assertThat(auditEntries()).hasSize(entriesBefore);
        String log = output.getAll().substring(logStart);
        assertThat(log).doesNotContain(" WARN ");
        assertThat(log).doesNotContain(" ERROR ");
    }

    @Test
    void optionsWithoutOriginStillNeedsToken() throws Exception {
        HttpResponse<String> response = client.send("OPTIONS", "/api/applications", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void optionsWithOversizedBodyIsRejected() throws Exception {
        HttpResponse<String> response = client.send("OPTIONS", "/api/applications", "x".repeat(5000));

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void firewallRejectsPreflightParameterName() throws Exception {
        HttpResponse<String> response = preflight("/api/applications?%01name=1", UI_ORIGIN, "GET",
                "authorization");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(client.read(response).path("field").asText()).isEqualTo("parameter");
    }

    private HttpResponse<String> preflight(String path, String origin, String method, String headers)
            throws Exception {
        return client.send("OPTIONS", path, null, "Origin", origin, "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", headers);
    }

    private String signIn() throws Exception {
        String user = SecuredClient.uniqueUser();
        byte[] secret = SecuredClient.createUser(identities, user);
        HttpResponse<String> login = client.login(user, SecuredClient.PASSWORD,
                SecuredClient.code(secret, Instant.now()), "Origin", UI_ORIGIN);
        assertThat(login.statusCode()).as("login of %s", user).isEqualTo(200);
        assertThat(login.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI_ORIGIN);
        JsonNode tokens = client.read(login);
        return tokens.get("accessToken").asText();
    }

    private List<AuditEntry> auditEntries() {
        return queries.query(new FindAuditEventsQuery(null, 1000),
                ResponseTypes.multipleInstancesOf(AuditEntry.class)).join();
    }

    private static List<String> commaSeparated(HttpResponse<String> response, String header) {
        return response.headers().allValues(header).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .toList();
    }
}
