package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.MissingCallerException;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.SecretException;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;

/**
 * The plain-Java engine with Git and Docker ports that fail on purpose: these tests cover the wiring, metadata and
 * failure paths that need no real repository or Docker engine. Real deployments are tested with the adapters.
 */
class DeploymentEngineTest {

    private static final RequestContext ALICE = new RequestContext(Caller.user("alice"), "192.0.2.10", "request-1");

    @TempDir
    Path workDirectory;

    private final AtomicInteger dockerCalls = new AtomicInteger();
    private DeploymentEngine engine;

    @BeforeEach
    void startEngine() {
        SourceRepository unreachable = new SourceRepository() {
            @Override
            public CommitSha resolve(RepositoryUrl url, GitRef ref) {
                throw new StepFailedException("Unable to reach repository '" + url + "': repository not found."
                        + " Check the URL and the credential.");
            }

            @Override
            public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
                throw new AssertionError("checkOut must not run after a failed resolve");
            }
        };
        engine = DeploymentEngine.builder()
                .sourceRepository(unreachable)
                .containerRuntime(new CountingRuntime())
                .settings(EngineSettings.defaults(workDirectory).withSourcePolicy(new SourcePolicy(false, true)))
                .masterKey(MasterKey.generate())
                .build()
                .start();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void eachCallRecordsCausationOfItsOwn() {
        ApplicationId app = engine.createApplication(ALICE, new ApplicationName("web"), source("file:///nowhere/repo"),
                new RuntimeSpec(8080, null, null));
        engine.setEnvironmentVariable(ALICE, app, new VariableName("GREETING"), "hello");

        List<Object> causations = engine.axonConfiguration().eventStore().readEvents(app.toString()).asStream()
                .map(event -> event.getMetaData().get(RequestContext.CAUSATION_ID))
                .toList();

        assertThat(causations).hasSize(2).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void deploymentOfUnreachableRepositoryFailsAtResolveWithReason() {
        ApplicationId app = engine.createApplication(ALICE, new ApplicationName("web"), source("file:///nowhere/repo"),
                new RuntimeSpec(8080, null, null));

        DeploymentId deployment = engine.requestDeployment(ALICE, app, null);

        DeploymentView view = awaitFinal(deployment);
        assertThat(view.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(view.failedStep()).isEqualTo(DeploymentStep.RESOLVE_COMMIT);
        assertThat(view.reason()).contains("file:///nowhere/repo").contains("Check the URL");
        assertThat(view.requestedBy()).isEqualTo("user:alice");
        // The network clean-up runs after the failure is recorded, so the view can be final before it.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dockerCalls).hasValue(1));
    }

    @Test
    void everyEventOfDeploymentCarriesCallerAddressAndCorrelationId() {
        ApplicationId app = engine.createApplication(ALICE, new ApplicationName("web"), source("file:///nowhere/repo"),
                new RuntimeSpec(8080, null, null));
        List<String> eventsBefore = engine.findAuditEvents(null, 1000).stream().map(AuditEntry::eventId).toList();

        DeploymentId deployment = engine.requestDeployment(ALICE, app, null);
        awaitFinal(deployment);
        awaitLaneLeft(app);

        // Every event stored since the request, on the deployment and on its application alike.
        List<AuditEntry> entries = engine.findAuditEvents(null, 1000).stream()
                .filter(entry -> !eventsBefore.contains(entry.eventId()))
                .toList();
        assertThat(entries).extracting(AuditEntry::eventType).containsExactlyInAnyOrder("DeploymentLaneLeftEvent",
                "DeploymentFailedEvent", "DeploymentStartedEvent", "DeploymentAdmittedEvent",
                "DeploymentRequestedEvent");
        assertThat(entries).extracting(AuditEntry::resourceId).contains(deployment.toString(), app.toString());
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.actor()).as(entry.eventType()).isEqualTo("user:alice");
            assertThat(entry.clientAddress()).as(entry.eventType()).isEqualTo("192.0.2.10");
            assertThat(entry.correlationId()).as(entry.eventType()).isEqualTo("request-1");
        });
    }

    @Test
    void commandWithoutCallerIsRejectedAndStoresNothing() {
        int before = engine.findAuditEvents(null, 1000).size();
        CreateApplicationCommand command = new CreateApplicationCommand(ApplicationId.random(),
                new ApplicationName("web"), source("file:///nowhere/repo"), new RuntimeSpec(8080, null, null), null);

        assertThatThrownBy(() -> engine.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(command)))
                .isInstanceOf(MissingCallerException.class)
                .hasMessageContaining("CreateApplicationCommand");
        assertThat(engine.findAuditEvents(null, 1000)).hasSize(before);
    }

    @Test
    void commandFromEngineIsAcceptedWithoutUser() {
        ApplicationId applicationId = ApplicationId.random();
        CreateApplicationCommand command = new CreateApplicationCommand(applicationId, new ApplicationName("web"),
                source("file:///nowhere/repo"), new RuntimeSpec(8080, null, null), null);

        engine.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(RequestContext.engine().toMetaData()));

        List<AuditEntry> entries = engine.findAuditEvents(applicationId.toString(), 10);
        assertThat(entries).extracting(AuditEntry::eventType).containsExactly("ApplicationCreatedEvent");
        assertThat(entries.get(0).actor()).isEqualTo("engine");
        assertThat(entries.get(0).clientAddress()).isNull();
    }

    @Test
    void duplicateApplicationNameIsRejected() {
        engine.createApplication(ALICE, new ApplicationName("web"), source("file:///a"),
                new RuntimeSpec(80, null, null));

        assertThatThrownBy(() -> engine.createApplication(ALICE, new ApplicationName("web"), source("file:///b"),
                new RuntimeSpec(80, null, null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void transportSwitchedOffByPolicyIsRejected() {
        assertThatThrownBy(() -> engine.createApplication(ALICE, new ApplicationName("web"),
                source("http://git.internal.test:3000/org/repo.git"), new RuntimeSpec(80, null, null)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("repositoryUrl"));
    }

    @Test
    void replayRebuildsReadModelsEqualToLiveOnes() {
        ApplicationId app = engine.createApplication(ALICE, new ApplicationName("web"), source("file:///nowhere/repo"),
                new RuntimeSpec(8080, null, null));
        DeploymentId deployment = engine.requestDeployment(ALICE, app, new GitRef("release/v2026.410.0"));
        awaitFinal(deployment);
        awaitLaneLeft(app);
        var applicationBefore = engine.findApplication(app).orElseThrow();
        var deploymentsBefore = engine.findDeployments(app);
        var auditBefore = engine.findAuditEvents(null, 1000);

        engine.replayReadModels();

        assertThat(engine.findApplication(app)).contains(applicationBefore);
        assertThat(engine.findDeployments(app)).isEqualTo(deploymentsBefore);
        assertThat(engine.findAuditEvents(null, 1000)).isEqualTo(auditBefore);
    }

    private DeploymentView awaitFinal(DeploymentId deployment) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> engine.findDeployment(deployment).map(v -> v.status().isFinal()).orElse(false));
        return engine.findDeployment(deployment).orElseThrow();
    }

    /**
     * Waits until the application's lane is free again. A failed deployment leaves the lane after its clean-up,
     * which runs after the deployment's status is final, so its last event is stored after {@link #awaitFinal}.
     */
    private void awaitLaneLeft(ApplicationId application) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> engine.findAuditEvents(application.toString(), 100).stream()
                        .anyMatch(entry -> "DeploymentLaneLeftEvent".equals(entry.eventType())));
    }

    private static SourceSpec source(String url) {
        return new SourceSpec(RepositoryUrl.parse(url), new GitRef("main"), null, null);
    }

    private final class CountingRuntime extends StubContainerRuntime {

        @Override
        public void removeContainer(String containerIdOrName) {
            dockerCalls.incrementAndGet();
        }

        @Override
        public void removeImage(String imageId) {
            dockerCalls.incrementAndGet();
        }

        @Override
        public void removeNetwork(ApplicationId application) {
            dockerCalls.incrementAndGet();
        }
    }

    @Test
    void builderWithoutMasterKeyFailsWithHowTo() {
        DeploymentEngine.Builder builder = DeploymentEngine.builder()
                .sourceRepository(Mockito.mock(SourceRepository.class))
                .containerRuntime(new CountingRuntime())
                .settings(EngineSettings.defaults(workDirectory));

        assertThatThrownBy(builder::build)
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("No master key set, so the engine cannot start")
                .hasMessageContaining("SLIPWAY_MASTER_KEY")
                .hasMessageContaining("openssl rand -base64 32");
    }
}
