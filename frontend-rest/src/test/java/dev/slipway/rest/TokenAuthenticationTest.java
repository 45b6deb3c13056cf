package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.Role;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.audit.FindAuditEventsQuery;
import dev.slipway.core.engine.EngineComponents;
import dev.slipway.core.secret.Redactor;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.team.AddTeamMemberCommand;
import dev.slipway.core.team.CreateTeamCommand;
import dev.slipway.core.team.RemoveTeamMemberCommand;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamName;
import dev.slipway.core.webhook.Webhooks;
import dev.slipway.web.ConfigurationGateway;
import dev.slipway.web.security.IdentityService;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = RestTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "slipway.security.mode=token",
    "slipway.security.trusted-proxies=127.0.0.1",
    "slipway.security.max-token-length=4096",
    "slipway.security.external.issuer=" + TokenAuthenticationTest.EXTERNAL_ISSUER,
    "slipway.security.external.algorithm=ES256",
    "slipway.security.rate-limits.requests-per-caller=20",
    "slipway.security.rate-limits.requests-per-address=60"})
@ExtendWith(OutputCaptureExtension.class)
class TokenAuthenticationTest {

    static final String EXTERNAL_ISSUER = "https://idp.example.test";
    private static final KeyServer IDENTITY_PROVIDER = new KeyServer();
    private static final KeyServer ATTACKER = new KeyServer();

    @LocalServerPort
    private int port;

    @Autowired
    private IdentityService identities;

    @Autowired
    private CommandGateway commands;

    @Autowired
    private EngineComponents components;

    @Autowired
    private QueryGateway queries;

    @Autowired
    private Webhooks webhooks;

    @Autowired
    private ConfigurationGateway configurations;

    @Autowired
    private ObjectMapper json;

    private SecuredClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("slipway.security.external.jwks-url", IDENTITY_PROVIDER::url);
    }

    @AfterAll
    static void stopKeyServers() {
        IDENTITY_PROVIDER.close();
        ATTACKER.close();
    }

    @BeforeEach
    void newClient() {
        client = new SecuredClient(port, SecuredClient.testAddress());
    }

    @Test
    void requestWithoutTokenIsUnauthorized() throws Exception {
        HttpResponse<String> response = client.get("/api/applications");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
    }

    @Test
    void webhookDeliveryNeedsSignatureNotToken() throws Exception {
        ApplicationId application = ApplicationId.random();
        send(new CreateApplicationCommand(application, new ApplicationName(RestApi.uniqueName()),
                new SourceSpec(RepositoryUrl.parse("https://git.example.test/o/r.git"), new GitRef("main"), null,
                        null), new RuntimeSpec(8080, null, null), null, null), RequestContext.engine());
        String secret = webhooks.create(RequestContext.engine(), application).secret();
        String body = "{\"zen\":\"Design for failure.\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        String path = "/api/webhooks/" + application;

        HttpResponse<String> signed = client.send("POST", path, body, "X-GitHub-Event", "ping",
                "X-Hub-Signature-256", signature);
        HttpResponse<String> unsigned = client.send("POST", path, body, "X-GitHub-Event", "ping");
        HttpResponse<String> read = client.get(path);

        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("not authenticated");
        assertThat(unsigned.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(read.statusCode()).isEqualTo(401);
        assertThat(read.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
    }

    @Test
    void anonymousErrorDoesNotMaskTeamSecret() throws Exception {
        RequestContext owner = RequestContext.of(Caller.user("secret-owner"), "192.0.2.60");
        TeamId team = createTeam(owner, "secrets");
        ApplicationId application = ApplicationId.random();
        send(new CreateApplicationCommand(application, new ApplicationName(RestApi.uniqueName()),
                new SourceSpec(RepositoryUrl.parse("https://git.example.test/o/r.git"), new GitRef("main"), null,
                        null), new RuntimeSpec(8080, null, null), null, team), owner);
        String secret = "sk_test_PLACEHOLDER_anonymous_" + UUID.randomUUID().toString().substring(0, 8);
        configurations.setSecret(application, "API_KEY", secret, owner);

        HttpResponse<String> guess = client.send("POST", "/api/webhooks/" + ApplicationId.random() + "?" + secret
                + "=1", "{}");

        assertThat(guess.statusCode()).isEqualTo(400);
        assertThat(guess.body()).as("an anonymous guess comes back as sent").contains(secret)
                .doesNotContain(Redactor.MASK);
    }

    @Test
    void userHeaderIsIgnoredInTokenMode() throws Exception {
        HttpResponse<String> response = client.get("/api/applications", "X-Slipway-User", "alice");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void loginWithPasswordAndTotpIssuesAccessToken() throws Exception {
        String user = SecuredClient.uniqueUser();
        byte[] secret = SecuredClient.createUser(identities, user);

        HttpResponse<String> login = client.login(user, SecuredClient.PASSWORD,
                SecuredClient.code(secret, Instant.now()));

        assertThat(login.statusCode()).isEqualTo(200);
        JsonNode tokens = client.read(login);
        SignedJWT jwt = SignedJWT.parse(tokens.get("accessToken").asText());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(user);
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("slipway");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("slipway-api");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isAfter(new Date());
        assertThat(tokens.get("expiresIn").asLong()).isEqualTo(300);
        assertThat(client.get("/api/applications", "Authorization", bearer(tokens)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void loginWithWrongPasswordIsAuditedWithoutSecret(CapturedOutput output) throws Exception {
        String user = SecuredClient.uniqueUser();
        byte[] secret = SecuredClient.createUser(identities, user);
        String wrongPassword = "wrong-password-" + user;

        HttpResponse<String> login = client.login(user, wrongPassword, SecuredClient.code(secret, Instant.now()));

        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(client.read(login).get("detail").asText()).isEqualTo("Invalid user name, password or TOTP code");
        assertThat(auditEntries("LoginFailedEvent")).anySatisfy(entry -> {
            assertThat(entry.get("actor").asText()).isEqualTo("user:anonymous");
            assertThat(entry.get("clientAddress").asText()).isEqualTo(client.forwardedFor());
        });
        assertThat(output.getAll()).contains("login of user [" + user + "]");
        assertThat(output.getAll()).doesNotContain(wrongPassword);
    }

    @Test
    void loginNameCannotForgeLogLines(CapturedOutput output) throws Exception {
        String forged = "INFO forged line: admin signed out";

        HttpResponse<String> login = client.login("evil\n" + forged + "\u001b[31m", "wrong-password", "000000");

        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(output.getAll()).contains("login of user [evil\\u000a" + forged + "\\u001b[31m]");
        assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith(forged));
    }

    @Test
    void loginWithReusedTotpCodeIsRejected() throws Exception {
        String user = SecuredClient.uniqueUser();
        byte[] secret = SecuredClient.createUser(identities, user);
        String code = SecuredClient.code(secret, Instant.now());

        HttpResponse<String> first = client.login(user, SecuredClient.PASSWORD, code);
        HttpResponse<String> second = client.login(user, SecuredClient.PASSWORD, code);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(401);
    }

    @Test
    void externalTokenFromConfiguredKeySetIsAccepted() throws Exception {
        String token = sign(IDENTITY_PROVIDER, externalHeader().build(), externalClaims().build());

        HttpResponse<String> response = client.get("/api/applications", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(IDENTITY_PROVIDER.requests()).isPositive();
    }

    @Test
    void unsignedTokenIsRejected() throws Exception {
        String token = new PlainJWT(externalClaims().build()).serialize();

        assertThat(client.get("/api/applications", "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(401);
    }

    @Test
    void tokenWithoutEachRequiredClaimIsRejected() throws Exception {
        for (String claim : List.of("exp", "iat", "iss", "aud", "sub")) {
            JWTClaimsSet.Builder claims = externalClaims().claim(claim, null);
            if ("iss".equals(claim)) {
                claims.issuer(null);
            }
            String token = sign(IDENTITY_PROVIDER, externalHeader().build(), claims.build());

            HttpResponse<String> response = client.get("/api/applications", "Authorization", "Bearer " + token);

            assertThat(response.statusCode()).as("token without %s", claim).isEqualTo(401);
        }
    }

    @Test
    void tokenWithWrongTypeIsRejected() throws Exception {
        JWSHeader plainType = externalHeader().type(JOSEObjectType.JWT).build();
        JWSHeader noType = externalHeader().type(null).build();

        for (JWSHeader header : List.of(plainType, noType)) {
            String token = sign(IDENTITY_PROVIDER, header, externalClaims().build());

            assertThat(client.get("/api/applications", "Authorization", "Bearer " + token).statusCode())
                    .as("typ %s", header.getType()).isEqualTo(401);
        }
    }

    @Test
    void tokenForOtherAudienceIsRejected() throws Exception {
        String token = sign(IDENTITY_PROVIDER, externalHeader().build(),
                externalClaims().audience("another-api").build());

        assertThat(client.get("/api/applications", "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(401);
    }

    @Test
    void expiredTokenIsRejected() throws Exception {
        Instant issued = Instant.now().minusSeconds(3600);
        String token = sign(IDENTITY_PROVIDER, externalHeader().build(), externalClaims()
                .issueTime(Date.from(issued)).expirationTime(Date.from(issued.plusSeconds(300))).build());

        HttpResponse<String> response = client.get("/api/applications", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("Invalid bearer token").doesNotContain("JWT").doesNotContain("Expired");
    }

    @Test
    void tokenFromUnknownIssuerIsRejected() throws Exception {
        String token = sign(IDENTITY_PROVIDER, externalHeader().build(),
                externalClaims().issuer("https://other-idp.example.test").build());

        assertThat(client.get("/api/applications", "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(401);
    }

    @Test
    void tokenWithOtherAlgorithmIsRejected() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build();
        SignedJWT jwt = new SignedJWT(header, externalClaims().build());
        jwt.sign(new MACSigner(new byte[32]));

        assertThat(client.get("/api/applications", "Authorization", "Bearer " + jwt.serialize()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void keyUrlHeaderIsRejectedWithoutFetch() throws Exception {
        JWSHeader jku = externalHeader().keyID(ATTACKER.key().getKeyID()).jwkURL(URI.create(ATTACKER.url())).build();
        JWSHeader x5u = externalHeader().keyID(ATTACKER.key().getKeyID()).x509CertURL(URI.create(ATTACKER.url()))
                .build();
        JWSHeader jwk = externalHeader().keyID(ATTACKER.key().getKeyID()).jwk(ATTACKER.key().toPublicJWK()).build();

        for (JWSHeader header : List.of(jku, x5u, jwk)) {
            String token = sign(ATTACKER, header, externalClaims().build());

            assertThat(client.get("/api/applications", "Authorization", "Bearer " + token).statusCode())
                    .as("header %s", header.toJSONObject().keySet()).isEqualTo(401);
        }
        assertThat(ATTACKER.requests()).isZero();
    }

    @Test
    void oversizedTokenIsRejected() throws Exception {
        String token = sign(IDENTITY_PROVIDER, externalHeader().build(),
                externalClaims().claim("padding", "x".repeat(4000)).build());

        HttpResponse<String> response = client.get("/api/applications", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(client.read(response).get("detail").asText()).contains("longer than 4096 characters");
    }

    @Test
    void tokenWithForgedSignatureIsRejected() throws Exception {
        String token = sign(IDENTITY_PROVIDER, externalHeader().build(), externalClaims().build());
        String[] parts = token.split("\\.");
        String forgedClaims = Base64URL.encode(externalClaims().subject("admin").build().toString()).toString();

        HttpResponse<String> response = client.get("/api/applications", "Authorization",
                "Bearer " + parts[0] + "." + forgedClaims + "." + parts[2]);

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void refreshRotatesAndReuseEndsSession() throws Exception {
        JsonNode first = signIn(SecuredClient.uniqueUser());

        HttpResponse<String> rotated = refresh(first.get("refreshToken").asText());
        HttpResponse<String> reused = refresh(first.get("refreshToken").asText());

        assertThat(rotated.statusCode()).isEqualTo(200);
        JsonNode second = client.read(rotated);
        assertThat(second.get("refreshToken").asText()).isNotEqualTo(first.get("refreshToken").asText());
        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(refresh(second.get("refreshToken").asText()).statusCode()).isEqualTo(401);
        assertThat(client.get("/api/applications", "Authorization", bearer(second)).statusCode()).isEqualTo(401);
        assertThat(auditEntries("SessionEndedEvent")).isNotEmpty();
    }

    @Test
    void logoutEndsSession() throws Exception {
        JsonNode tokens = signIn(SecuredClient.uniqueUser());

        HttpResponse<String> logout = client.send("POST", "/api/auth/logout", null, "Authorization",
                bearer(tokens));

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(client.get("/api/applications", "Authorization", bearer(tokens)).statusCode()).isEqualTo(401);
        assertThat(refresh(tokens.get("refreshToken").asText()).statusCode()).isEqualTo(401);
    }

    @Test
    void passwordChangeEndsEverySession() throws Exception {
        String user = SecuredClient.uniqueUser();
        byte[] secret = SecuredClient.createUser(identities, user);
        JsonNode first = client.read(client.login(user, SecuredClient.PASSWORD,
                SecuredClient.code(secret, Instant.now())));
        JsonNode second = client.read(client.login(user, SecuredClient.PASSWORD,
                SecuredClient.code(secret, Instant.now().plusSeconds(30))));

        HttpResponse<String> change = client.send("PUT", "/api/auth/password",
                "{\"currentPassword\":\"" + SecuredClient.PASSWORD + "\",\"newPassword\":\"a new long passphrase\"}",
                "Authorization", bearer(first));

        assertThat(change.statusCode()).isEqualTo(204);
        assertThat(client.get("/api/applications", "Authorization", bearer(first)).statusCode()).isEqualTo(401);
        assertThat(client.get("/api/applications", "Authorization", bearer(second)).statusCode()).isEqualTo(401);
        assertThat(refresh(second.get("refreshToken").asText()).statusCode()).isEqualTo(401);
    }

    @Test
    void wrongCurrentPasswordUsesSignInAttempts() throws Exception {
        String user = SecuredClient.uniqueUser();
        byte[] secret = SecuredClient.createUser(identities, user);
        JsonNode tokens = client.read(client.login(user, SecuredClient.PASSWORD,
                SecuredClient.code(secret, Instant.now())));
        List<Integer> statuses = new ArrayList<>();
        String field = null;

        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<String> change = client.send("PUT", "/api/auth/password",
                    "{\"currentPassword\":\"wrong guess " + attempt + "\",\"newPassword\":\"a new long passphrase\"}",
                    "Authorization", bearer(tokens));
            statuses.add(change.statusCode());
            if (change.statusCode() == 400) {
                field = client.read(change).path("field").asText();
            }
        }

        assertThat(statuses).containsExactly(400, 400, 400, 400, 429);
        assertThat(field).isEqualTo("currentPassword");
    }

    @Test
    void apiTokensListedAndCallerShown() throws Exception {
        String user = SecuredClient.uniqueUser();
        JsonNode tokens = signIn(user);
        JsonNode reader = client.read(client.send("POST", "/api/auth/api-tokens", "{\"scope\":\"read\"}",
                "Authorization", bearer(tokens)));
        JsonNode deployer = client.read(client.send("POST", "/api/auth/api-tokens", "{\"scope\":\"deploy\"}",
                "Authorization", bearer(tokens)));
        client.send("DELETE", "/api/auth/api-tokens/" + deployer.get("id").asText(), null, "Authorization",
                bearer(tokens));

        JsonNode listed = client.read(client.get("/api/auth/api-tokens", "Authorization", bearer(tokens)));
        JsonNode meAsUser = client.read(client.get("/api/auth/me", "Authorization", bearer(tokens)));
        JsonNode meAsToken = client.read(client.get("/api/auth/me", "Authorization",
                "Bearer " + reader.get("token").asText()));

        assertThat(listed.findValuesAsText("id")).containsExactly(reader.get("id").asText());
        assertThat(listed.findValuesAsText("scope")).containsExactly("READ");
        assertThat(listed.toString()).doesNotContain(reader.get("token").asText());
        assertThat(meAsUser.get("caller").asText()).isEqualTo("user:" + user);
        assertThat(meAsUser.get("kind").asText()).isEqualTo("USER");
        assertThat(meAsToken.get("caller").asText()).isEqualTo("token:" + reader.get("id").asText());
        assertThat(meAsToken.get("scope").asText()).isEqualTo("READ");
    }

    @Test
    void apiTokenActsAsTokenCallerUntilRevoked() throws Exception {
        JsonNode tokens = signIn(SecuredClient.uniqueUser());
        HttpResponse<String> issued = client.send("POST", "/api/auth/api-tokens", "{\"scope\":\"admin\"}",
                "Authorization", bearer(tokens));
        JsonNode apiToken = client.read(issued);
        String name = RestApi.uniqueName();

        HttpResponse<String> created = client.send("POST", "/api/applications", client.json(RestApi.applicationBody(name, "https://git.example.test/o/r.git")),
                "Authorization", "Bearer " + apiToken.get("token").asText());
        HttpResponse<String> revoked = client.send("DELETE", "/api/auth/api-tokens/" + apiToken.get("id").asText(),
                null, "Authorization", bearer(tokens));

        assertThat(issued.statusCode()).isEqualTo(201);
        assertThat(apiToken.get("token").asText()).startsWith("slw_" + apiToken.get("id").asText() + "_");
        assertThat(apiToken.get("scope").asText()).isEqualTo("ADMIN");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(auditEntries("ApplicationCreatedEvent")).anySatisfy(entry ->
                assertThat(entry.get("actor").asText()).isEqualTo("token:" + apiToken.get("id").asText()));
        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(client.get("/api/applications", "Authorization", "Bearer " + apiToken.get("token").asText())
                .statusCode()).isEqualTo(401);
        assertThat(auditEntries("ApiTokenRevokedEvent")).isNotEmpty();
    }

    @Test
    void teamApiTokenGetsScopeRole() throws Exception {
        String owner = SecuredClient.uniqueUser();
        JsonNode ownerTokens = signIn(owner);
        JsonNode strangerTokens = signIn(SecuredClient.uniqueUser());
        TeamId team = createTeam(RequestContext.of(Caller.user(owner), "127.0.0.1"), "tokens-" + owner);
        String body = "{\"scope\":\"deploy\",\"teamId\":\"" + team + "\"}";

        HttpResponse<String> issued = client.send("POST", "/api/auth/api-tokens", body, "Authorization",
                bearer(ownerTokens));
        HttpResponse<String> byStranger = client.send("POST", "/api/auth/api-tokens", body, "Authorization",
                bearer(strangerTokens));
        HttpResponse<String> unknownTeam = client.send("POST", "/api/auth/api-tokens",
                "{\"scope\":\"read\",\"teamId\":\"" + TeamId.random() + "\"}", "Authorization",
                bearer(ownerTokens));

        assertThat(issued.statusCode()).isEqualTo(201);
        Caller token = new Caller(Caller.Kind.TOKEN, client.read(issued).get("id").asText());
        assertThat(components.accessRules().roleOf(RequestContext.of(token, null), team)).contains(Role.DEPLOYER);
        assertThat(byStranger.statusCode()).isEqualTo(404);
        assertThat(byStranger.body()).doesNotContain("slw_");
        assertThat(unknownTeam.statusCode()).isEqualTo(404);
    }

    @Test
    void removalFromTeamEndsSessions() throws Exception {
        String owner = SecuredClient.uniqueUser();
        String member = SecuredClient.uniqueUser();
        RequestContext ownerContext = RequestContext.of(Caller.user(owner), "127.0.0.1");
        TeamId team = createTeam(ownerContext, "members-" + owner);
        send(new AddTeamMemberCommand(team, Caller.user(member), Role.DEPLOYER), ownerContext);
        JsonNode memberTokens = signIn(member);
        int before = client.get("/api/applications", "Authorization", bearer(memberTokens)).statusCode();

        send(new RemoveTeamMemberCommand(team, Caller.user(member)), ownerContext);

        assertThat(before).isEqualTo(200);
        assertThat(client.get("/api/applications", "Authorization", bearer(memberTokens)).statusCode())
                .isEqualTo(401);
        assertThat(client.send("POST", "/api/auth/refresh", "{\"refreshToken\":\""
                + memberTokens.get("refreshToken").asText() + "\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void apiTokenCannotCreateApiTokens() throws Exception {
        JsonNode tokens = signIn(SecuredClient.uniqueUser());
        JsonNode apiToken = client.read(client.send("POST", "/api/auth/api-tokens", "{\"scope\":\"read\"}",
                "Authorization", bearer(tokens)));

        HttpResponse<String> response = client.send("POST", "/api/auth/api-tokens", "{\"scope\":\"admin\"}",
                "Authorization", "Bearer " + apiToken.get("token").asText());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void bruteForceAcrossAddressesHitsLoginLimit() throws Exception {
        String user = SecuredClient.uniqueUser();
        byte[] secret = SecuredClient.createUser(identities, user);
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;

        for (int i = 0; i < 100; i++) {
            last = client.login(user, "guess-number-" + i, "000000", "X-Forwarded-For", "203.0.113." + (i + 1));
            statuses.add(last.statusCode());
        }
        HttpResponse<String> rightPassword = client.login(user, SecuredClient.PASSWORD,
                SecuredClient.code(secret, Instant.now()), "X-Forwarded-For", "192.0.2.77");

        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 100)).containsOnly(429);
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(rightPassword.statusCode()).isEqualTo(429);
    }

    @Test
    void callerLimitHoldsAcrossAddresses() throws Exception {
        JsonNode tokens = signIn(SecuredClient.uniqueUser());
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 21; i++) {
            statuses.add(client.get("/api/applications", "Authorization", bearer(tokens),
                    "X-Forwarded-For", "203.0.113." + (200 + i)).statusCode());
        }

        assertThat(statuses.subList(0, 20)).containsOnly(200);
        assertThat(statuses.get(20)).isEqualTo(429);
    }

    private TeamId createTeam(RequestContext owner, String name) {
        TeamId team = TeamId.random();
        send(new CreateTeamCommand(team, new TeamName(name)), owner);
        return team;
    }

    private void send(Object command, RequestContext context) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(context.toMetaData()));
    }

    private JsonNode signIn(String user) throws Exception {
        byte[] secret = SecuredClient.createUser(identities, user);
        HttpResponse<String> login = client.login(user, SecuredClient.PASSWORD,
                SecuredClient.code(secret, Instant.now()));
        assertThat(login.statusCode()).as("login of %s", user).isEqualTo(200);
        return client.read(login);
    }

    private HttpResponse<String> refresh(String refreshToken) throws Exception {
        return client.send("POST", "/api/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");
    }

    /**
     * Returns the stored audit entries of one event type, read with the engine's rights. Over the API, an entry of a
     * sign-in, session or API token belongs to no team, so only the caller that caused it may see it.
     */
    private List<JsonNode> auditEntries(String eventType) {
        List<AuditEntry> entries = queries.query(new FindAuditEventsQuery(null, 1000),
                ResponseTypes.multipleInstancesOf(AuditEntry.class)).join();
        List<JsonNode> matching = new ArrayList<>();
        for (AuditEntry entry : entries) {
            if (eventType.equals(entry.eventType())) {
                matching.add(json.valueToTree(entry));
            }
        }
        return matching;
    }

    private static String bearer(JsonNode tokens) {
        return "Bearer " + tokens.get("accessToken").asText();
    }

    private static JWSHeader.Builder externalHeader() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID(IDENTITY_PROVIDER.key().getKeyID());
    }

    private static JWTClaimsSet.Builder externalClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(EXTERNAL_ISSUER).audience("slipway-api").subject("carol")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String sign(KeyServer keys, JWSHeader header, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new ECDSASigner(keys.key()));
        return jwt.serialize();
    }
}
