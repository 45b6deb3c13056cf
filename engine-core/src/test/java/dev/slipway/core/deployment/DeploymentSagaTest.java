package dev.slipway.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.application.AdmitNextDeploymentCommand;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RecordReleaseCommand;
import dev.slipway.core.application.Release;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.runtime.LogSink;
import dev.slipway.core.runtime.ProbeResult;
import dev.slipway.core.runtime.RunningContainer;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.runtime.TrafficRouter;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saga with a step runner that runs each step at once on the test's thread, so the commands a step sends show
 * up as the saga's dispatched commands. The ports record what the saga asked of Git and Docker.
 */
class DeploymentSagaTest {

    private static final DeploymentId DEPLOYMENT = DeploymentId.random();
    private static final ApplicationId APP = ApplicationId.random();
    private static final GitRef REF = new GitRef("main");
    private static final CommitSha COMMIT = new CommitSha("0123456789abcdef0123456789abcdef01234567");
    private static final SourceSpec SOURCE = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"),
            REF, null, null);
    private static final String URL = "http://127.0.0.1:32768";
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(10);
    private static final List<DomainName> DOMAINS = List.of(new DomainName("shop.example.test"));
    private static final Release PREVIOUS = new Release(DeploymentId.random(), COMMIT, "sha256:0", "c0", "web-0", URL);

    @TempDir
    Path workDirectory;

    private final List<String> portCalls = new CopyOnWriteArrayList<>();
    private final RecordingRouter router = new RecordingRouter();
    private SagaTestFixture<DeploymentSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(DeploymentSaga.class);
        CommandGateway gateway = fixture.registerCommandGateway(CommandGateway.class);
        DeploymentStepRunner runner = new DeploymentStepRunner(new FixedSource(), new RecordingRuntime(),
                () -> gateway, new DirectExecutor(), EngineSettings.defaults(workDirectory).withStepTimeLimits(
                        StepTimeLimits.defaults().with(DeploymentStep.BUILD_IMAGE, BUILD_LIMIT)));
        runner.routeTrafficWith(router);
        fixture.registerResource(runner);
    }

    private static DeploymentRequestedEvent requested(Release previous) {
        return requested(DEPLOYMENT, previous);
    }

    private static DeploymentRequestedEvent requested(DeploymentId deployment, Release previous) {
        return new DeploymentRequestedEvent(deployment, APP, new ApplicationName("web"), SOURCE,
                new RuntimeSpec(8080, null, null), ServerId.LOCAL, previous);
    }

    @Test
    void requestAloneStartsNothing() {
        fixture.givenNoPriorActivity()
                .whenAggregate(DEPLOYMENT.toString()).publishes(requested(PREVIOUS))
                .expectActiveSagas(1)
                .expectAssociationWith("deploymentId", DEPLOYMENT)
                .expectNoDispatchedCommands();
    }

    @Test
    void admissionStartsDeploymentWithAdmittedRelease() {
        Release newer = new Release(DeploymentId.random(), COMMIT, "sha256:2", "c2", "web-2", URL);

        fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(PREVIOUS))
                .whenAggregate(APP.toString()).publishes(new DeploymentAdmittedEvent(DEPLOYMENT, APP, newer))
                .expectDispatchedCommands(new StartDeploymentCommand(DEPLOYMENT, newer));
    }

    @Test
    void startResolvesRefAndReportsCommit() {
        fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(null))
                .whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentStartedEvent(DEPLOYMENT, APP, null))
                .expectDispatchedCommands(new RecordCommitResolvedCommand(DEPLOYMENT, COMMIT));
    }

    @Test
    void successRecordsReleaseThenAdmitsNext() {
        Release first = new Release(DEPLOYMENT, COMMIT, "sha256:1", "c1", "web-1", URL);

        fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(null))
                .whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentSucceededEvent(DEPLOYMENT, APP, first))
                .expectDispatchedCommands(new RecordReleaseCommand(APP, first),
                        new AdmitNextDeploymentCommand(APP, DEPLOYMENT));
    }

    @Test
    void failureAdmitsNext() {
        fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(PREVIOUS))
                .whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentFailedEvent(DEPLOYMENT, APP,
                        DeploymentStep.BUILD_IMAGE, "build failed"))
                .expectDispatchedCommands(new AdmitNextDeploymentCommand(APP, DEPLOYMENT));
    }

    @Test
    void cancelWhileQueuedOnlyLeavesLane() {
        var given = fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(null));
        portCalls.clear();
        given.whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentCancelledEvent(DEPLOYMENT, APP, null,
                        "cancelled"))
                .expectDispatchedCommands(new AdmitNextDeploymentCommand(APP, DEPLOYMENT));
        assertThat(portCalls).isEmpty();
    }

    @Test
    void cancelWhileRunningRemovesWhatDeploymentStarted() {
        var given = fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(PREVIOUS),
                        new DeploymentStartedEvent(DEPLOYMENT, APP, PREVIOUS),
                        new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT),
                        new ImageBuiltEvent(DEPLOYMENT, APP, "sha256:1", "slipway/x:1"),
                        new ContainerStartedEvent(DEPLOYMENT, APP, "c1", "web-1", URL));
        portCalls.clear();
        given.whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentCancelledEvent(DEPLOYMENT, APP,
                        DeploymentStep.HEALTH_CHECK, "cancelled"))
                .expectActiveSagas(0);
        assertThat(portCalls).containsExactly("removeContainer c1",
                "removeImage " + EngineLabels.imageTag(APP, DEPLOYMENT));
    }

    @Test
    void healthyFirstDeploymentCompletesWithoutStoppingAnything() {
        var given = fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(null),
                        new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT));
        portCalls.clear();
        given.whenAggregate(DEPLOYMENT.toString()).publishes(new HealthCheckPassedEvent(DEPLOYMENT, APP, "HTTP 200"))
                .expectDispatchedCommands(new CompleteDeploymentCommand(DEPLOYMENT));
        assertThat(portCalls).isEmpty();
    }

    @Test
    void healthyReplacementStopsPreviousContainerFirst() {
        var given = fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(PREVIOUS));
        portCalls.clear();
        given.whenAggregate(DEPLOYMENT.toString()).publishes(new HealthCheckPassedEvent(DEPLOYMENT, APP, "HTTP 200"))
                .expectDispatchedCommands(new RecordPreviousContainerStoppedCommand(DEPLOYMENT, "c0"));
        assertThat(portCalls).containsExactly("removeContainer c0");
    }

    @Test
    void healthyContainerWithDomainsGetsTrafficFirst() {
        var given = fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(PREVIOUS),
                        new ContainerStartedEvent(DEPLOYMENT, APP, "c1", "web-1", URL));
        portCalls.clear();
        given.whenAggregate(DEPLOYMENT.toString()).publishes(new HealthCheckPassedEvent(DEPLOYMENT, APP, "HTTP 200",
                        DOMAINS))
                .expectDispatchedCommands(new RecordTrafficSwitchedCommand(DEPLOYMENT, DOMAINS, "web-1"));
        assertThat(portCalls).containsExactly("route " + APP + " [shop.example.test] web-1:8080");
    }

    @Test
    void switchedTrafficStopsPreviousContainer() {
        var given = fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(PREVIOUS),
                        new ContainerStartedEvent(DEPLOYMENT, APP, "c1", "web-1", URL),
                        new HealthCheckPassedEvent(DEPLOYMENT, APP, "HTTP 200", DOMAINS));
        portCalls.clear();
        given.whenAggregate(DEPLOYMENT.toString()).publishes(new TrafficSwitchedEvent(DEPLOYMENT, APP, DOMAINS,
                        "web-1"))
                .expectDispatchedCommands(new RecordPreviousContainerStoppedCommand(DEPLOYMENT, "c0"));
        assertThat(portCalls).containsExactly("removeContainer c0");
    }

    @Test
    void failedSwitchRoutesBackToPreviousContainer() {
        router.failing = true;
        var given = fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(PREVIOUS),
                        new ContainerStartedEvent(DEPLOYMENT, APP, "c1", "web-1", URL));
        given.whenAggregate(DEPLOYMENT.toString()).publishes(new HealthCheckPassedEvent(DEPLOYMENT, APP, "HTTP 200",
                        DOMAINS))
                .expectDispatchedCommands(new FailDeploymentCommand(DEPLOYMENT, DeploymentStep.SWITCH_TRAFFIC,
                        "proxy did not serve the new route"));
        router.failing = false;
        portCalls.clear();

        fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(PREVIOUS),
                        new ContainerStartedEvent(DEPLOYMENT, APP, "c1", "web-1", URL),
                        new HealthCheckPassedEvent(DEPLOYMENT, APP, "HTTP 200", DOMAINS))
                .whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentFailedEvent(DEPLOYMENT, APP,
                        DeploymentStep.SWITCH_TRAFFIC, "proxy did not serve the new route"))
                .expectActiveSagas(0);
        assertThat(portCalls).contains("route " + APP + " [shop.example.test] web-0:8080", "removeContainer c1");
        assertThat(portCalls.indexOf("route " + APP + " [shop.example.test] web-0:8080"))
                .isLessThan(portCalls.indexOf("removeContainer c1"));
    }

    @Test
    void failureRemovesNewContainerAndImageButKeepsPreviousRelease() {
        var given = fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(PREVIOUS),
                        new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT),
                        new ImageBuiltEvent(DEPLOYMENT, APP, "sha256:1", "slipway/x:1"),
                        new ContainerStartedEvent(DEPLOYMENT, APP, "c1", "web-1", URL));
        portCalls.clear();
        given.whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentFailedEvent(DEPLOYMENT, APP,
                        DeploymentStep.HEALTH_CHECK, "HTTP 503"))
                .expectActiveSagas(0)
                .expectDispatchedCommands(new AdmitNextDeploymentCommand(APP, DEPLOYMENT));
        assertThat(portCalls).containsExactly("removeContainer c1",
                "removeImage " + EngineLabels.imageTag(APP, DEPLOYMENT));
    }

    @Test
    void failedFirstDeploymentAlsoRemovesApplicationNetwork() {
        var given = fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(null),
                        new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT));
        portCalls.clear();
        given.whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentFailedEvent(DEPLOYMENT, APP,
                        DeploymentStep.BUILD_IMAGE, "no such file"))
                .expectActiveSagas(0);
        assertThat(portCalls).containsExactly("removeNetwork " + APP);
    }

    @Test
    void successRecordsReleaseOnApplicationAndEnds() {
        Release release = new Release(DEPLOYMENT, COMMIT, "sha256:1", "c1", "web-1", URL);

        var given = fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(null));
        portCalls.clear();
        given.whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentSucceededEvent(DEPLOYMENT, APP, release))
                .expectActiveSagas(0)
                .expectDispatchedCommands(new RecordReleaseCommand(APP, release),
                        new AdmitNextDeploymentCommand(APP, DEPLOYMENT));
    }

    @Test
    void startSetsDeadlineOfResolveStep() {
        fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(null))
                .whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentStartedEvent(DEPLOYMENT, APP, null))
                .expectScheduledDeadline(Duration.ofMinutes(2),
                        new StepDeadline(DeploymentStep.RESOLVE_COMMIT, Duration.ofMinutes(2)));
    }

    @Test
    void nextStepReplacesDeadlineOfPreviousStep() {
        fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(null),
                        new DeploymentStartedEvent(DEPLOYMENT, APP, null),
                        new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT))
                .whenAggregate(DEPLOYMENT.toString()).publishes(new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT))
                .expectScheduledDeadline(BUILD_LIMIT, new StepDeadline(DeploymentStep.BUILD_IMAGE, BUILD_LIMIT))
                .expectNoScheduledDeadline(Duration.ofMinutes(10),
                        new StepDeadline(DeploymentStep.CHECK_OUT, Duration.ofMinutes(10)));
    }

    @Test
    void resumedBuildWithoutCheckoutChecksOutAgain() {
        var given = fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(null),
                        new DeploymentStartedEvent(DEPLOYMENT, APP, null),
                        new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT));
        portCalls.clear();
        given.whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentStepResumedEvent(DEPLOYMENT, APP,
                        DeploymentStep.BUILD_IMAGE, "node-b"))
                .expectScheduledDeadline(BUILD_LIMIT, new StepDeadline(DeploymentStep.BUILD_IMAGE, BUILD_LIMIT));
        assertThat(portCalls).startsWith("checkOut " + COMMIT);
    }

    @Test
    void resumeOfStepStartedHereRunsNothing() {
        var given = fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(null),
                        new DeploymentStartedEvent(DEPLOYMENT, APP, null),
                        new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT));
        portCalls.clear();
        given.whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentStepResumedEvent(DEPLOYMENT, APP,
                        DeploymentStep.BUILD_IMAGE, "node-b"))
                .expectNoDispatchedCommands();
        assertThat(portCalls).isEmpty();
    }

    @Test
    void stepPastLimitFailsDeployment() {
        fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(PREVIOUS),
                        new DeploymentStartedEvent(DEPLOYMENT, APP, PREVIOUS),
                        new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT))
                .whenTimeElapses(BUILD_LIMIT.plusSeconds(1))
                .expectDeadlinesMet(new StepDeadline(DeploymentStep.BUILD_IMAGE, BUILD_LIMIT))
                .expectDispatchedCommands(new FailDeploymentCommand(DEPLOYMENT, DeploymentStep.BUILD_IMAGE,
                        "Step BUILD_IMAGE ran past its 10m limit and was stopped. Make the step faster or raise its"
                                + " limit in the engine's step time limits, then deploy again."));
    }

    @Test
    void endedDeploymentLeavesNoDeadline() {
        Release release = new Release(DEPLOYMENT, COMMIT, "sha256:1", "c1", "web-1", URL);

        fixture.givenAggregate(DEPLOYMENT.toString()).published(requested(null),
                        new DeploymentStartedEvent(DEPLOYMENT, APP, null))
                .whenAggregate(DEPLOYMENT.toString()).publishes(new DeploymentSucceededEvent(DEPLOYMENT, APP, release))
                .expectNoScheduledDeadlines();
    }

    private final class FixedSource implements SourceRepository {

        @Override
        public CommitSha resolve(RepositoryUrl url, GitRef ref) {
            return COMMIT;
        }

        @Override
        public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
            portCalls.add("checkOut " + commit);
        }
    }

    /** A proxy that records each route, and fails on request because a real one fails only on a broken host. */
    private final class RecordingRouter implements TrafficRouter {

        private volatile boolean failing;

        @Override
        public boolean isEnabled() {
            return true;
        }

        @Override
        public void route(ApplicationId application, List<DomainName> domains, String containerName,
                          int containerPort) {
            if (failing) {
                throw new StepFailedException("proxy did not serve the new route");
            }
            portCalls.add("route " + application + " " + domains + " " + containerName + ":" + containerPort);
        }

        @Override
        public void removeRoute(ApplicationId application) {
            portCalls.add("removeRoute " + application);
        }
    }

    private final class RecordingRuntime extends StubContainerRuntime {

        @Override
        public String build(BuildRequest request, LogSink output) {
            portCalls.add("build " + request.imageTag());
            return "sha256:1";
        }

        @Override
        public String ensureNetwork(ApplicationId application) {
            portCalls.add("ensureNetwork " + application);
            return "slipway-" + application;
        }

        @Override
        public RunningContainer start(ContainerRequest request) {
            portCalls.add("start " + request.name());
            return new RunningContainer("c1", request.name(), "127.0.0.1", 32768);
        }

        @Override
        public ProbeResult probe(RunningContainer container, HttpHealthCheck check) {
            portCalls.add("probe " + container.id());
            return new ProbeResult(true, "HTTP 200");
        }

        @Override
        public void removeContainer(String containerIdOrName) {
            portCalls.add("removeContainer " + containerIdOrName);
        }

        @Override
        public void removeImage(String imageId) {
            portCalls.add("removeImage " + imageId);
        }

        @Override
        public void removeNetwork(ApplicationId application) {
            portCalls.add("removeNetwork " + application);
        }
    }

    /** Runs each task on the calling thread. */
    private static final class DirectExecutor extends AbstractExecutorService {

        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
