package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.web.security.IdentityService;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Sessions and audit entries of team members. Entries of sign-ins, API tokens and denials belong to no team: the
 * owners and admins of a member's teams see them besides the member, and a viewer sees only its own. Removing a
 * member from a team through the API ends the member's sessions.
 */
@SpringBootTest(classes = RestTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "slipway.security.mode=token",
    "slipway.security.trusted-proxies=127.0.0.1",
    "slipway.access.default-team-role=viewer"})
class TeamIdentityEndpointsTest {

    @LocalServerPort
    private int port;

    @Autowired
    private IdentityService identities;

    private SecuredClient client;

    private final String owner = SecuredClient.uniqueUser();
    private final String admin = SecuredClient.uniqueUser();
    private final String viewer = SecuredClient.uniqueUser();
    private final String outsider = SecuredClient.uniqueUser();
    private final Map<String, String> tokens = new HashMap<>();
    private final Map<String, String> refreshTokens = new HashMap<>();
    private String teamId;

    @BeforeEach
    void signInAndFormTeam() throws Exception {
        client = new SecuredClient(port, SecuredClient.testAddress());
        for (String user : List.of(owner, admin, viewer, outsider)) {
            byte[] secret = SecuredClient.createUser(identities, user);
            HttpResponse<String> login = client.login(user, SecuredClient.PASSWORD,
                    SecuredClient.code(secret, Instant.now()));
            assertThat(login.statusCode()).as("sign-in of %s", user).isEqualTo(200);
            tokens.put(user, client.read(login).path("accessToken").asText());
            refreshTokens.put(user, client.read(login).path("refreshToken").asText());
        }
        HttpResponse<String> team = as(owner, "POST", "/api/teams", Map.of("name", "audited"));
        assertThat(team.statusCode()).isEqualTo(201);
        teamId = client.read(team).path("id").asText();
        for (Map.Entry<String, String> member : Map.of(admin, "admin", viewer, "viewer").entrySet()) {
            HttpResponse<String> added = as(owner, "POST", "/api/teams/" + teamId + "/members",
                    Map.of("member", "user:" + member.getKey(), "role", member.getValue()));
            assertThat(added.statusCode()).as("adding %s", member.getKey()).isEqualTo(201);
        }
    }

    @Test
    void teamAdminsSeeMembersIdentityEntries() throws Exception {
        assertThat(client.login(viewer, "wrong password of the viewer", "000000").statusCode()).isEqualTo(401);
        assertThat(client.login(admin, "wrong password of the admin", "000000").statusCode()).isEqualTo(401);
        String denial = "denial-" + UUID.randomUUID();
        assertThat(client.send("POST", "/api/read-models/replay", null, "Authorization", "Bearer " + tokens.get(viewer),
                "X-Correlation-Id", denial).statusCode()).isEqualTo(403);
        HttpResponse<String> issued = as(viewer, "POST", "/api/auth/api-tokens", Map.of("scope", "read"));
        String tokenId = client.read(issued).path("id").asText();
        assertThat(as(viewer, "DELETE", "/api/auth/api-tokens/" + tokenId, null).statusCode()).isEqualTo(204);

        for (String manager : List.of(owner, admin)) {
            List<JsonNode> entries = audit(manager);
            assertThat(entries).as("entries %s sees", manager)
                    .anySatisfy(entry -> isEntry(entry, "LoginFailedEvent", viewer))
                    .anySatisfy(entry -> isEntry(entry, "ApiTokenRevokedEvent", viewer))
                    .anySatisfy(entry -> assertThat(entry.path("correlationId").asText()).isEqualTo(denial));
        }
        assertThat(audit(owner)).anySatisfy(entry -> isEntry(entry, "LoginFailedEvent", admin));

        List<JsonNode> own = audit(viewer);
        assertThat(own).anySatisfy(entry -> isEntry(entry, "LoginFailedEvent", viewer))
                .anySatisfy(entry -> assertThat(entry.path("correlationId").asText()).isEqualTo(denial))
                .noneSatisfy(entry -> isEntry(entry, "LoginFailedEvent", admin));
        assertThat(audit(outsider)).noneSatisfy(entry -> assertThat(entry.path("resourceId").asText())
                .isIn(viewer, admin)).noneSatisfy(entry -> assertThat(entry.path("correlationId").asText())
                .isEqualTo(denial));
    }

    @Test
    void deniedReplayIsStoredAsAccessDenied() throws Exception {
        String denial = "denial-" + UUID.randomUUID();

        int status = client.send("POST", "/api/read-models/audit/replay", null, "Authorization",
                "Bearer " + tokens.get(outsider), "X-Correlation-Id", denial).statusCode();

        assertThat(status).isEqualTo(403);
        assertThat(audit(outsider)).anySatisfy(entry -> {
            assertThat(entry.path("correlationId").asText()).isEqualTo(denial);
            assertThat(entry.path("eventType").asText()).isEqualTo("AccessDeniedEvent");
            assertThat(entry.path("actor").asText()).isEqualTo("user:" + outsider);
        });
    }

    @Test
    void chainVerificationNeedsEngineWideAdmin() throws Exception {
        String denial = "denial-" + UUID.randomUUID();

        HttpResponse<String> verification = client.send("GET", "/api/audit-chain/verification", null,
                "Authorization", "Bearer " + tokens.get(owner), "X-Correlation-Id", denial);

        assertThat(verification.statusCode()).isEqualTo(403);
        assertThat(client.read(verification).path("detail").asText()).contains("verify the audit chain")
                .contains("ADMIN in the default team");
        assertThat(audit(owner)).anySatisfy(entry -> {
            assertThat(entry.path("correlationId").asText()).isEqualTo(denial);
            assertThat(entry.path("eventType").asText()).isEqualTo("AccessDeniedEvent");
        });
    }

    @Test
    void removalFromTeamEndsMemberSessions() throws Exception {
        assertThat(as(viewer, "GET", "/api/teams/" + teamId, null).statusCode()).isEqualTo(200);

        int removed = as(admin, "DELETE", "/api/teams/" + teamId + "/members/user:" + viewer, null).statusCode();

        assertThat(removed).isEqualTo(204);
        assertThat(as(viewer, "GET", "/api/applications", null).statusCode()).isEqualTo(401);
        HttpResponse<String> refresh = client.send("POST", "/api/auth/refresh",
                client.json(Map.of("refreshToken", refreshTokens.get(viewer))));
        assertThat(refresh.statusCode()).isEqualTo(401);
        assertThat(as(owner, "GET", "/api/applications", null).statusCode()).isEqualTo(200);
    }

    private static void isEntry(JsonNode entry, String eventType, String user) {
        assertThat(entry.path("eventType").asText()).isEqualTo(eventType);
        assertThat(entry.path("resourceType").asText()).isEqualTo("User");
        assertThat(entry.path("resourceId").asText()).isEqualTo(user);
    }

    private List<JsonNode> audit(String user) throws Exception {
        HttpResponse<String> response = as(user, "GET", "/api/audit-events?limit=1000", null);
        assertThat(response.statusCode()).as("audit search of %s", user).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        client.read(response).forEach(entries::add);
        return entries;
    }

    private HttpResponse<String> as(String user, String method, String path, Object body) throws Exception {
        return client.send(method, path, body == null ? null : client.json(body), "Authorization",
                "Bearer " + tokens.get(user));
    }
}
