package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testsupport.ConfiguredApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Push webhooks over REST: creation, rotation, signed deliveries from GitHub and GitLab, and rejections. */
@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class WebhookEndpointsTest {

    private static final String USER = "X-Slipway-User";
    private static final String COMMIT = "89abcdef0123456789abcdef0123456789abcdef";
    private static final String MISSING_REPOSITORY = "file:///tmp/slipway-missing-webhook-repository";

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private EventStore eventStore;
    @RegisterExtension
    final ConfiguredApp docker = ConfiguredApp.connect();
    @TempDir
    Path workspace;

    private RestApi api;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
        logs.start();
        rootLogger().addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        rootLogger().detachAppender(logs);
    }

    @Test
    void signedPushDeploysBranch() throws Exception {
        Path repository = workspace.resolve("repository");
        String applicationId = createApplication(ConfiguredApp.createRepository(repository));
        docker.removeAfterTest(applicationId);
        String commit = Files.readString(repository.resolve(".git/refs/heads/main")).trim();
        String secret = createWebhook(applicationId).path("secret").asText();
        String deliveryId = UUID.randomUUID().toString();
        byte[] body = push("refs/heads/main", commit);

        MockHttpServletResponse response = deliver(applicationId, body, "X-GitHub-Event", "push",
                "X-GitHub-Delivery", deliveryId, "X-Hub-Signature-256", sign(secret, body));

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(202);
        String deploymentId = api.read(response).path("deploymentId").asText();
        assertThat(response.getHeader("Location")).isEqualTo("/api/deployments/" + deploymentId);
        JsonNode ended = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId, USER, "alice")),
                        deployment -> Stream.of("SUCCEEDED", "FAILED", "CANCELLED")
                                .anyMatch(deployment.path("status").asText()::equals));
        assertThat(ended.path("status").asText()).as(ended.path("reason").asText()).isEqualTo("SUCCEEDED");
        assertThat(ended.path("ref").asText()).isEqualTo("main");
        assertThat(ended.path("commit").asText()).isEqualTo(commit);
        assertThat(ended.path("requestedBy").asText()).isEqualTo("webhook:" + applicationId);
        List<JsonNode> requested = new ArrayList<>();
        api.read(api.get("/api/audit-events?resourceId=" + deploymentId, USER, "alice")).forEach(entry -> {
            if (entry.path("eventType").asText().equals("DeploymentRequestedEvent")) {
                requested.add(entry);
            }
        });
        assertThat(requested).singleElement().satisfies(entry -> {
            assertThat(entry.path("actor").asText()).isEqualTo("webhook:" + applicationId);
            assertThat(entry.path("clientAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(entry.path("correlationId").asText()).isEqualTo(deliveryId);
        });
        JsonNode byActor = api.read(api.get("/api/audit-events/search?actor=webhook:" + applicationId, USER,
                "alice"));
        assertThat(byActor.findValuesAsText("eventType")).contains("DeploymentRequestedEvent");
    }

    @Test
    void unauthenticatedDeliveriesReadAlike() throws Exception {
        String withWebhook = createApplication(MISSING_REPOSITORY);
        createWebhook(withWebhook);
        String withoutWebhook = createApplication(MISSING_REPOSITORY);
        byte[] body = push("refs/heads/main", COMMIT);
        String forged = sign("not-the-secret-of-this-webhook-at-all", body);
        String wrongToken = "wrong-token-" + UUID.randomUUID();

        List<MockHttpServletResponse> rejected = List.of(
                deliver(withWebhook, body, "X-GitHub-Event", "push", "X-Hub-Signature-256", forged),
                deliver(withWebhook, body, "X-GitHub-Event", "push"),
                deliver(withWebhook, body, "X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=zz"),
                deliver(withWebhook, body, "X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", wrongToken),
                deliver(withoutWebhook, body, "X-GitHub-Event", "push", "X-Hub-Signature-256", forged),
                deliver(UUID.randomUUID().toString(), body, "X-GitHub-Event", "push", "X-Hub-Signature-256", forged),
                deliver("not-an-id", body, "X-GitHub-Event", "push", "X-Hub-Signature-256", forged));

        String expected = rejected.get(0).getContentAsString();
        for (MockHttpServletResponse response : rejected) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            assertThat(response.getContentAsString()).isEqualTo(expected);
        }
        assertThat(expected).contains("not authenticated");
        assertThat(api.read(api.get("/api/applications/" + withWebhook + "/deployments", USER, "alice"))).isEmpty();
        assertThat(api.read(api.get("/api/applications/" + withoutWebhook + "/deployments", USER, "alice")))
                .isEmpty();
        List<String> warnings = logs.list.stream()
                .filter(event -> event.getLoggerName().endsWith("Webhooks"))
                .map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.contains("rejected"))
                .toList();
        assertThat(warnings).filteredOn(message -> message.contains(withWebhook)).hasSize(4);
        assertThat(warnings).filteredOn(message -> message.contains(withoutWebhook)).hasSize(1);
        assertThat(warnings).filteredOn(message -> message.contains("[invalid id]")).isNotEmpty();
        assertThat(warnings).allSatisfy(message -> assertThat(message).contains("127.0.0.1"));
        assertThat(logText()).doesNotContain(forged.substring("sha256=".length()), wrongToken);
    }

    @Test
    void otherRefsAreIgnored() throws Exception {
        String applicationId = createApplication(MISSING_REPOSITORY);
        String secret = createWebhook(applicationId).path("secret").asText();
        Map<String, String> reasons = Map.of(
                "refs/heads/feature", "branch 'feature' is not the application's branch 'main'",
                "refs/tags/v1.0.0", "tag 'v1.0.0' is not a branch");

        for (Map.Entry<String, String> ref : reasons.entrySet()) {
            byte[] body = push(ref.getKey(), COMMIT);
            MockHttpServletResponse response = deliver(applicationId, body, "X-GitHub-Event", "push",
                    "X-Hub-Signature-256", sign(secret, body));
            assertThat(response.getStatus()).isEqualTo(202);
            assertThat(api.read(response).path("ignored").asText()).isEqualTo(ref.getValue());
            assertThat(api.read(response).has("deploymentId")).isFalse();
        }
        byte[] deletion = push("refs/heads/main", "0".repeat(40));
        MockHttpServletResponse deleted = deliver(applicationId, deletion, "X-Gitea-Event", "push",
                "X-Hub-Signature-256", sign(secret, deletion));
        byte[] issue = "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8);
        MockHttpServletResponse other = deliver(applicationId, issue, "X-GitHub-Event", "issues",
                "X-Hub-Signature-256", sign(secret, issue));

        assertThat(deleted.getStatus()).isEqualTo(202);
        assertThat(api.read(deleted).path("ignored").asText()).isEqualTo("branch 'main' was deleted");
        assertThat(other.getStatus()).isEqualTo(202);
        assertThat(api.read(other).path("ignored").asText()).isEqualTo("event 'issues' is not a push");
        assertThat(api.read(api.get("/api/applications/" + applicationId + "/deployments", USER, "alice")))
                .isEmpty();
    }

    @Test
    void redeliveryReturnsSameDeployment() throws Exception {
        String applicationId = createApplication(MISSING_REPOSITORY);
        String secret = createWebhook(applicationId).path("secret").asText();
        byte[] body = push("refs/heads/main", COMMIT);
        String[] headers = {"X-GitHub-Event", "push", "X-GitHub-Delivery", UUID.randomUUID().toString(),
            "X-Hub-Signature-256", sign(secret, body)};

        MockHttpServletResponse first = deliver(applicationId, body, headers);
        MockHttpServletResponse second = deliver(applicationId, body, headers);

        assertThat(first.getStatus()).isEqualTo(202);
        assertThat(second.getStatus()).isEqualTo(202);
        String deploymentId = api.read(first).path("deploymentId").asText();
        assertThat(api.read(second).path("deploymentId").asText()).isEqualTo(deploymentId);
        assertThat(api.read(api.get("/api/applications/" + applicationId + "/deployments", USER, "alice"))
                .findValuesAsText("id")).containsExactly(deploymentId);
        awaitEnd(deploymentId);
    }

    @Test
    void deliveryIdDoesNotMatchClientIdempotencyKey() throws Exception {
        String applicationId = createApplication(MISSING_REPOSITORY);
        String secret = createWebhook(applicationId).path("secret").asText();
        String key = "shared-" + UUID.randomUUID();
        MockHttpServletResponse requested = api.post("/api/applications/" + applicationId + "/deployments",
                "Idempotency-Key", key, USER, "alice");
        byte[] body = push("refs/heads/main", COMMIT);

        MockHttpServletResponse delivered = deliver(applicationId, body, "X-GitHub-Event", "push",
                "X-GitHub-Delivery", key, "X-Hub-Signature-256", sign(secret, body));

        assertThat(requested.getStatus()).as(requested.getContentAsString()).isEqualTo(202);
        assertThat(delivered.getStatus()).as(delivered.getContentAsString()).isEqualTo(202);
        assertThat(api.read(delivered).path("deploymentId").asText())
                .isNotEqualTo(api.read(requested).path("id").asText());
        awaitEnd(api.read(requested).path("id").asText());
        awaitEnd(api.read(delivered).path("deploymentId").asText());
    }

    @Test
    void formEncodedDeliveryNamesContentType() throws Exception {
        String applicationId = createApplication(MISSING_REPOSITORY);

        MockHttpServletResponse response = api.perform(MockMvcRequestBuilders.post("/api/webhooks/" + applicationId)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("payload=%7B%7D"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).path("field").asText()).isEqualTo("Content-Type");
        assertThat(api.read(response).path("rule").asText()).contains("application/json");
    }

    @Test
    void gitlabTokenDeploysBranch() throws Exception {
        String applicationId = createApplication(MISSING_REPOSITORY);
        String secret = createWebhook(applicationId).path("secret").asText();
        String checkout = "fedcba9876543210fedcba9876543210fedcba98";
        byte[] body = ("{\"object_kind\":\"push\",\"ref\":\"refs/heads/main\",\"before\":\"" + COMMIT
                + "\",\"after\":\"" + COMMIT + "\",\"checkout_sha\":\"" + checkout + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String eventId = UUID.randomUUID().toString();

        MockHttpServletResponse response = deliver(applicationId, body, "X-Gitlab-Event", "Push Hook",
                "X-Gitlab-Token", secret, "X-Gitlab-Event-UUID", eventId);

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(202);
        String deploymentId = api.read(response).path("deploymentId").asText();
        JsonNode deployment = api.read(api.get("/api/deployments/" + deploymentId, USER, "alice"));
        assertThat(deployment.path("ref").asText()).isEqualTo("main");
        assertThat(deployment.path("requestedBy").asText()).isEqualTo("webhook:" + applicationId);
        awaitEnd(deploymentId);
    }

    @Test
    void invalidVerifiedBodyNamesField() throws Exception {
        String applicationId = createApplication(MISSING_REPOSITORY);
        String secret = createWebhook(applicationId).path("secret").asText();
        Map<String, String> fields = Map.of(
                "{\"ref\":", "body",
                "[1, 2]", "body",
                "{\"after\":\"" + COMMIT + "\"}", "ref",
                "{\"ref\":\"refs/heads/main\"}", "after",
                "{\"ref\":\"refs/heads/main\",\"after\":\"HEAD\"}", "after");

        for (Map.Entry<String, String> field : fields.entrySet()) {
            byte[] body = field.getKey().getBytes(StandardCharsets.UTF_8);
            MockHttpServletResponse response = deliver(applicationId, body, "X-GitHub-Event", "push",
                    "X-Hub-Signature-256", sign(secret, body));
            assertThat(response.getStatus()).as(field.getKey()).isEqualTo(400);
            assertThat(api.read(response).path("field").asText()).as(field.getKey()).isEqualTo(field.getValue());
        }
        byte[] ping = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
        MockHttpServletResponse pong = deliver(applicationId, ping, "X-GitHub-Event", "ping",
                "X-Hub-Signature-256", sign(secret, ping));
        assertThat(pong.getStatus()).isEqualTo(200);
        assertThat(api.read(api.get("/api/applications/" + applicationId + "/deployments", USER, "alice")))
                .isEmpty();
    }

    @Test
    void secretAppearsOnlyInCreation() throws Exception {
        String applicationId = createApplication(MISSING_REPOSITORY);
        MockHttpServletResponse created = api.post("/api/applications/" + applicationId + "/webhook", USER,
                "alice");
        String secret = api.read(created).path("secret").asText();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        deliver(applicationId, body, "X-GitHub-Event", "ping", "X-Hub-Signature-256", sign(secret, body));
        byte[] otherBranch = push("refs/heads/other", COMMIT);
        deliver(applicationId, otherBranch, "X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", secret);

        assertThat(created.getStatus()).isEqualTo(201);
        assertThat(api.read(created).path("path").asText()).isEqualTo("/api/webhooks/" + applicationId);
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        MockHttpServletResponse application = api.get("/api/applications/" + applicationId, USER, "alice");
        assertThat(api.read(application).path("webhook").asBoolean()).isTrue();
        assertThat(application.getContentAsString()).doesNotContain(secret);
        MockHttpServletResponse audit = api.get("/api/audit-events?resourceId=" + applicationId, USER, "alice");
        assertThat(audit.getContentAsString()).contains("WebhookSetEvent").doesNotContain(secret);
        try (Stream<? extends org.axonframework.eventhandling.DomainEventMessage<?>> events = eventStore
                .readEvents(applicationId).asStream()) {
            assertThat(events).allSatisfy(event -> assertThat(json.writeValueAsString(event.getPayload()))
                    .doesNotContain(secret));
        }
        assertThat(logText()).doesNotContain(secret);
    }

    @Test
    void rotationInvalidatesOldSecret() throws Exception {
        String applicationId = createApplication(MISSING_REPOSITORY);
        String first = createWebhook(applicationId).path("secret").asText();
        String second = createWebhook(applicationId).path("secret").asText();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        MockHttpServletResponse old = deliver(applicationId, body, "X-GitHub-Event", "ping",
                "X-Hub-Signature-256", sign(first, body));
        MockHttpServletResponse current = deliver(applicationId, body, "X-GitHub-Event", "ping",
                "X-Hub-Signature-256", sign(second, body));

        assertThat(second).isNotEqualTo(first);
        assertThat(old.getStatus()).isEqualTo(401);
        assertThat(current.getStatus()).isEqualTo(200);

        MockHttpServletResponse removed = api.perform(MockMvcRequestBuilders.delete(
                "/api/applications/" + applicationId + "/webhook"), USER, "alice");
        MockHttpServletResponse afterRemoval = deliver(applicationId, body, "X-GitHub-Event", "ping",
                "X-Hub-Signature-256", sign(second, body));

        assertThat(removed.getStatus()).isEqualTo(204);
        assertThat(afterRemoval.getStatus()).isEqualTo(401);
        assertThat(api.read(api.get("/api/applications/" + applicationId, USER, "alice")).path("webhook")
                .asBoolean()).isFalse();
    }

    @Test
    void deployerCannotCreateWebhook() throws Exception {
        String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        String deployer = "deployer-" + UUID.randomUUID().toString().substring(0, 8);
        MockHttpServletResponse team = api.postJson("/api/teams", Map.of("name", "team " + owner), USER, owner);
        String teamId = api.read(team).path("id").asText();
        api.postJson("/api/teams/" + teamId + "/members", Map.of("member", "user:" + deployer, "role", "deployer"),
                USER, owner);
        Map<String, Object> application = RestApi.applicationBody(RestApi.uniqueName(), MISSING_REPOSITORY);
        application.put("teamId", teamId);
        String applicationId = api.read(api.postJson("/api/applications", application, USER, owner)).path("id")
                .asText();

        MockHttpServletResponse denied = api.post("/api/applications/" + applicationId + "/webhook", USER,
                deployer);
        MockHttpServletResponse removal = api.perform(MockMvcRequestBuilders.delete(
                "/api/applications/" + applicationId + "/webhook"), USER, deployer);
        boolean createdByDeployer = api.read(api.get("/api/applications/" + applicationId, USER, owner))
                .path("webhook").asBoolean();
        MockHttpServletResponse allowed = api.post("/api/applications/" + applicationId + "/webhook", USER, owner);

        assertThat(denied.getStatus()).isEqualTo(403);
        assertThat(createdByDeployer).isFalse();
        assertThat(removal.getStatus()).isEqualTo(403);
        assertThat(allowed.getStatus()).isEqualTo(201);
    }

    private String createApplication(String repositoryUrl) throws Exception {
        MockHttpServletResponse created = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), repositoryUrl), USER, "alice");
        assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(201);
        return api.read(created).path("id").asText();
    }

    private JsonNode createWebhook(String applicationId) throws Exception {
        MockHttpServletResponse created = api.post("/api/applications/" + applicationId + "/webhook", USER,
                "alice");
        assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(201);
        return api.read(created);
    }

    /** Sends a delivery as a Git host does: without a bearer token or user header, with the exact body bytes. */
    private MockHttpServletResponse deliver(String applicationId, byte[] body, String... headers) throws Exception {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post("/api/webhooks/" + applicationId)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
        return api.perform(request, headers);
    }

    private void awaitEnd(String deploymentId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId, USER, "alice")).path("status")
                        .asText(), status -> status.equals("FAILED") || status.equals("SUCCEEDED"));
    }

    private String logText() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            text.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                text.append(event.getThrowableProxy().getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    private static byte[] push(String ref, String after) {
        return ("{\"ref\":\"" + ref + "\",\"before\":\"" + COMMIT + "\",\"after\":\"" + after
                + "\",\"repository\":{\"full_name\":\"octo/web\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
