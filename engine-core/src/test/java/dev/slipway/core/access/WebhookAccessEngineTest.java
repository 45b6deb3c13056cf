package dev.slipway.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.DeleteApplicationCommand;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.application.FindWebhookSecretQuery;
import dev.slipway.core.application.RequestDeploymentCommand;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamName;
import dev.slipway.core.webhook.CreatedWebhook;
import dev.slipway.core.webhook.WebhookDelivery;
import dev.slipway.core.webhook.WebhookRejectedException;
import dev.slipway.core.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caller {@code webhook:<applicationId>} as the engine's access checks and its embedding API treat it. */
class WebhookAccessEngineTest {

    private static final RequestContext CAROL = AccessTestEngine.context(Caller.user("carol"), null);
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path workDirectory;

    private AccessTestEngine teams;
    private TeamId team;
    private ApplicationId application;

    @BeforeEach
    void setUpTeam() {
        teams = new AccessTestEngine(workDirectory, AccessSettings.PERSONAL_TEAMS);
        team = teams.engine.createTeam(AccessTestEngine.ALICE, new TeamName("platform"));
        application = teams.createApplication(AccessTestEngine.ALICE, team, "web");
    }

    @AfterEach
    void closeEngine() {
        teams.close();
    }

    @Test
    void callerTextRoundTrips() {
        Caller webhook = Caller.webhook(application);

        assertThat(webhook.toString()).isEqualTo("webhook:" + application);
        assertThat(Caller.parse(webhook.toString())).isEqualTo(webhook);
        assertThat(webhook.kind()).isEqualTo(Caller.Kind.WEBHOOK);
        assertThatThrownBy(() -> Caller.parse("webhook:not-an-application"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("UUID");
        assertThatThrownBy(() -> Caller.parse("robot:x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'webhook'");
    }

    @Test
    void signedPushDeploysAsWebhook() throws Exception {
        CreatedWebhook created = teams.engine.createWebhook(AccessTestEngine.ALICE, application);
        byte[] body = push("refs/heads/main", COMMIT);

        WebhookResult result = teams.engine.receiveWebhook(delivery(application.toString(), body,
                Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "delivery-1",
                        "X-Hub-Signature-256", sign(created.secret(), body))));

        assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.DEPLOYMENT_REQUESTED);
        DeploymentView deployment = teams.engine.findDeployment(result.deploymentId()).orElseThrow();
        assertThat(deployment.ref()).isEqualTo("main");
        assertThat(deployment.requestedBy()).isEqualTo("webhook:" + application);
        List<AuditEntry> requested = teams.engine.findAuditEvents(result.deploymentId().toString(), 10).stream()
                .filter(entry -> entry.eventType().equals("DeploymentRequestedEvent"))
                .toList();
        assertThat(requested).singleElement().satisfies(entry -> {
            assertThat(entry.actor()).isEqualTo("webhook:" + application);
            assertThat(entry.clientAddress()).isEqualTo("192.0.2.30");
            assertThat(entry.correlationId()).isEqualTo("delivery-1");
            assertThat(entry.team()).isEqualTo(team.toString());
        });
    }

    @Test
    void webhookMaySendNothingElse() {
        RequestContext webhook = AccessTestEngine.context(Caller.webhook(application), null);
        ApplicationId other = teams.createApplication(AccessTestEngine.ALICE, team, "api");

        assertThatThrownBy(() -> send(webhook, new DeleteApplicationCommand(application)))
                .isInstanceOf(AggregateNotFoundException.class);
        assertThatThrownBy(() -> send(webhook, new RequestDeploymentCommand(other, DeploymentId.random(), null)))
                .isInstanceOf(AggregateNotFoundException.class);
        Optional<ApplicationView> read = teams.engine.queryGateway().query(
                GenericMessage.asMessage(new FindApplicationQuery(application)).andMetaData(webhook.toMetaData()),
                ResponseTypes.optionalInstanceOf(ApplicationView.class)).join();

        assertThat(read).isEmpty();
        assertThat(teams.engine.findApplication(application)).isPresent();
        assertThat(teams.engine.findDeployments(other)).isEmpty();
        assertThat(teams.engine.findAuditEvents(null, 100)).filteredOn(entry -> entry.eventType()
                .equals("AccessDeniedEvent")).extracting(AuditEntry::actor)
                .containsOnly("webhook:" + application).hasSize(3);
        assertThatThrownBy(() -> teams.engine.addTeamMember(AccessTestEngine.ALICE, team, webhook.caller(),
                Role.DEPLOYER)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void deployerCannotCreateWebhook() {
        teams.engine.addTeamMember(AccessTestEngine.ALICE, team, CAROL.caller(), Role.DEPLOYER);

        assertThatThrownBy(() -> teams.engine.createWebhook(CAROL, application))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("ADMIN is required");
        assertThat(teams.engine.findApplication(application).orElseThrow().webhook()).isFalse();
        teams.engine.createWebhook(AccessTestEngine.ALICE, application);
        assertThatThrownBy(() -> teams.engine.queryGateway().query(
                GenericMessage.asMessage(new FindWebhookSecretQuery(application)).andMetaData(CAROL.toMetaData()),
                ResponseTypes.optionalInstanceOf(EncryptedSecret.class)).join())
                .hasRootCauseInstanceOf(AccessDeniedException.class);
    }

    @Test
    void secretStaysOutOfEvents() {
        CreatedWebhook created = teams.engine.createWebhook(AccessTestEngine.ALICE, application);

        List<DomainEventMessage<?>> events = teams.eventsOf(application);

        assertThat(created.secret()).hasSize(43);
        assertThat(events).extracting(event -> event.getPayloadType().getSimpleName()).contains("WebhookSetEvent");
        assertThat(events).allSatisfy(event -> assertThat(String.valueOf(event.getPayload()))
                .doesNotContain(created.secret()));
        assertThat(teams.engine.findApplication(application).orElseThrow().webhook()).isTrue();
        assertThat(teams.engine.findApplication(application).orElseThrow().toString())
                .doesNotContain(created.secret());
    }

    @Test
    void webhookSurvivesReplay() throws Exception {
        CreatedWebhook created = teams.engine.createWebhook(AccessTestEngine.ALICE, application);
        byte[] body = push("refs/heads/main", COMMIT);

        teams.engine.replayReadModels();
        WebhookResult result = teams.engine.receiveWebhook(delivery(application.toString(), body,
                Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", created.secret())));

        assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.DEPLOYMENT_REQUESTED);
        assertThat(teams.engine.findApplication(application).orElseThrow().webhook()).isTrue();
    }

    @Test
    void deletedApplicationRejectsDeliveries() throws Exception {
        CreatedWebhook created = teams.engine.createWebhook(AccessTestEngine.ALICE, application);
        byte[] body = push("refs/heads/main", COMMIT);

        teams.engine.deleteApplication(AccessTestEngine.ALICE, application);

        assertThatThrownBy(() -> teams.engine.receiveWebhook(delivery(application.toString(), body,
                Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", sign(created.secret(), body)))))
                .isInstanceOf(WebhookRejectedException.class);
        assertThat(teams.engine.findDeployments(application)).isEmpty();
    }

    @Test
    void removedWebhookRejectsDeliveries() throws Exception {
        CreatedWebhook created = teams.engine.createWebhook(AccessTestEngine.ALICE, application);
        byte[] body = push("refs/heads/main", COMMIT);

        teams.engine.removeWebhook(AccessTestEngine.ALICE, application);

        assertThatThrownBy(() -> teams.engine.receiveWebhook(delivery(application.toString(), body,
                Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", sign(created.secret(), body)))))
                .isInstanceOf(WebhookRejectedException.class);
        assertThat(teams.engine.findApplication(application).orElseThrow().webhook()).isFalse();
    }

    private void send(RequestContext context, Object command) {
        teams.engine.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(context.toMetaData()));
    }

    private static WebhookDelivery delivery(String applicationId, byte[] body, Map<String, String> headers) {
        return new WebhookDelivery(applicationId, headers, body, "192.0.2.30", "GitHub-Hookshot/test");
    }

    private static byte[] push(String ref, String after) {
        return ("{\"ref\":\"" + ref + "\",\"after\":\"" + after + "\",\"checkout_sha\":\"" + after + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String sign(String secret, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
