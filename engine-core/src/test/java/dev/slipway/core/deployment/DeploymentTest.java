package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeploymentTest {

    private static final DeploymentId DEPLOYMENT = DeploymentId.random();
    private static final ApplicationId APP = ApplicationId.random();
    private static final GitRef REF = new GitRef("main");
    private static final CommitSha COMMIT = new CommitSha("0123456789abcdef0123456789abcdef01234567");
    private static final SourceSpec SOURCE = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"),
            REF, null, null);
    private static final String URL = "http://127.0.0.1:32768";
    private static final List<DomainName> DOMAINS = List.of(new DomainName("shop.example.test"));

    private AggregateTestFixture<Deployment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Deployment.class);
    }

    private static DeploymentRequestedEvent requested(Release previous) {
        return new DeploymentRequestedEvent(DEPLOYMENT, APP, new ApplicationName("web"), SOURCE,
                new RuntimeSpec(8080, null, null), ServerId.LOCAL, previous);
    }

    private static DeploymentStartedEvent started(Release previous) {
        return new DeploymentStartedEvent(DEPLOYMENT, APP, previous);
    }

    @Test
    void resolvedCommitIsRecordedWithRef() {
        fixture.given(requested(null), started(null))
                .when(new RecordCommitResolvedCommand(DEPLOYMENT, COMMIT))
                .expectEvents(new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT));
    }

    @Test
    void stepReportedOutOfOrderIsRejected() {
        fixture.given(requested(null), started(null))
                .when(new RecordImageBuiltCommand(DEPLOYMENT, "sha256:1", "slipway/x:1"))
                .expectException(StepOutOfOrderException.class)
                .expectNoEvents();
    }

    @Test
    void firstDeploymentCompletesAfterHealthCheckWithoutStoppingAnything() {
        fixture.given(requested(null), started(null), new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT),
                        new ImageBuiltEvent(DEPLOYMENT, APP, "sha256:1", "slipway/x:1"),
                        new ContainerStartedEvent(DEPLOYMENT, APP, "c1", "web-1", URL),
                        new HealthCheckPassedEvent(DEPLOYMENT, APP, "HTTP 200"))
                .when(new CompleteDeploymentCommand(DEPLOYMENT))
                .expectEvents(new DeploymentSucceededEvent(DEPLOYMENT, APP,
                        new Release(DEPLOYMENT, COMMIT, "sha256:1", "c1", "web-1", URL)));
    }

    @Test
    void replacingDeploymentMustStopPreviousBeforeCompleting() {
        Release previous = new Release(DeploymentId.random(), COMMIT, "sha256:0", "c0", "web-0", URL);

        fixture.given(requested(previous), started(previous), new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT),
                        new ImageBuiltEvent(DEPLOYMENT, APP, "sha256:1", "slipway/x:1"),
                        new ContainerStartedEvent(DEPLOYMENT, APP, "c1", "web-1", URL),
                        new HealthCheckPassedEvent(DEPLOYMENT, APP, "HTTP 200"))
                .when(new CompleteDeploymentCommand(DEPLOYMENT))
                .expectException(StepOutOfOrderException.class)
                .expectNoEvents();
    }

    @Test
    void domainsAreRoutedBeforeCompleting() {
        fixture.given(healthyWithDomains(null))
                .when(new CompleteDeploymentCommand(DEPLOYMENT))
                .expectException(StepOutOfOrderException.class)
                .expectNoEvents();
    }

    @Test
    void switchedTrafficLetsFirstDeploymentComplete() {
        fixture.given(healthyWithDomains(null))
                .andGiven(new TrafficSwitchedEvent(DEPLOYMENT, APP, DOMAINS, "web-1"))
                .when(new CompleteDeploymentCommand(DEPLOYMENT))
                .expectEvents(new DeploymentSucceededEvent(DEPLOYMENT, APP,
                        new Release(DEPLOYMENT, COMMIT, "sha256:1", "c1", "web-1", URL)));
    }

    @Test
    void stoppingPreviousBeforeSwitchedTrafficIsRejected() {
        Release previous = new Release(DeploymentId.random(), COMMIT, "sha256:0", "c0", "web-0", URL);

        fixture.given(healthyWithDomains(previous))
                .when(new RecordPreviousContainerStoppedCommand(DEPLOYMENT, "c0"))
                .expectException(StepOutOfOrderException.class)
                .expectNoEvents();
    }

    @Test
    void switchedTrafficLetsPreviousStop() {
        Release previous = new Release(DeploymentId.random(), COMMIT, "sha256:0", "c0", "web-0", URL);

        fixture.given(healthyWithDomains(previous))
                .andGiven(new TrafficSwitchedEvent(DEPLOYMENT, APP, DOMAINS, "web-1"))
                .when(new RecordPreviousContainerStoppedCommand(DEPLOYMENT, "c0"))
                .expectEvents(new PreviousContainerStoppedEvent(DEPLOYMENT, APP, "c0"));
    }

    @Test
    void cancelWhileSwitchingTrafficIsRejected() {
        fixture.given(healthyWithDomains(null))
                .when(new CancelDeploymentCommand(DEPLOYMENT))
                .expectException(DeploymentNotCancellableException.class)
                .expectNoEvents();
    }

    /** Returns the events of a deployment of an application with domains whose new container passed its check. */
    private static List<Object> healthyWithDomains(Release previous) {
        return List.of(requested(previous), started(previous), new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT),
                new ImageBuiltEvent(DEPLOYMENT, APP, "sha256:1", "slipway/x:1"),
                new ContainerStartedEvent(DEPLOYMENT, APP, "c1", "web-1", URL),
                new HealthCheckPassedEvent(DEPLOYMENT, APP, "HTTP 200", DOMAINS));
    }

    @Test
    void failureEndsDeploymentWithStepAndReason() {
        fixture.given(requested(null), started(null), new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT))
                .when(new FailDeploymentCommand(DEPLOYMENT, DeploymentStep.CHECK_OUT, "disk full"))
                .expectEvents(new DeploymentFailedEvent(DEPLOYMENT, APP, DeploymentStep.CHECK_OUT, "disk full"));
    }

    @Test
    void failingFinishedDeploymentChangesNothing() {
        fixture.given(requested(null), new DeploymentFailedEvent(DEPLOYMENT, APP, DeploymentStep.RESOLVE_COMMIT, "x"))
                .when(new FailDeploymentCommand(DEPLOYMENT, DeploymentStep.CHECK_OUT, "late"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void lateStepResultAfterFailureIsRejected() {
        fixture.given(requested(null), started(null), new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT),
                        new ImageBuiltEvent(DEPLOYMENT, APP, "sha256:1", "slipway/x:1"),
                        new DeploymentFailedEvent(DEPLOYMENT, APP, DeploymentStep.START_CONTAINER, "cancelled"))
                .when(new RecordContainerStartedCommand(DEPLOYMENT, "c1", "web-1", URL))
                .expectException(StepOutOfOrderException.class)
                .expectNoEvents();
    }

    @Test
    void stepOfQueuedDeploymentIsRejected() {
        fixture.given(requested(null), new DeploymentQueuedEvent(DEPLOYMENT, APP, DeploymentId.random(), 1))
                .when(new RecordCommitResolvedCommand(DEPLOYMENT, COMMIT))
                .expectException(StepOutOfOrderException.class)
                .expectNoEvents();
    }

    @Test
    void queuedDeploymentStartsWithCurrentRelease() {
        Release newer = new Release(DeploymentId.random(), COMMIT, "sha256:2", "c2", "web-2", URL);

        fixture.given(requested(null), new DeploymentQueuedEvent(DEPLOYMENT, APP, DeploymentId.random(), 1))
                .when(new StartDeploymentCommand(DEPLOYMENT, newer))
                .expectEvents(new DeploymentStartedEvent(DEPLOYMENT, APP, newer));
    }

    @Test
    void cancelWhileQueuedEndsWithoutStep() {
        fixture.given(requested(null), new DeploymentQueuedEvent(DEPLOYMENT, APP, DeploymentId.random(), 1))
                .when(new CancelDeploymentCommand(DEPLOYMENT))
                .expectEvents(new DeploymentCancelledEvent(DEPLOYMENT, APP, null,
                        "Cancelled by the engine before it started."));
    }

    @Test
    void cancelDuringBuildNamesBuildStep() {
        fixture.given(requested(null), started(null), new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT))
                .when(new CancelDeploymentCommand(DEPLOYMENT))
                .expectEvents(new DeploymentCancelledEvent(DEPLOYMENT, APP, DeploymentStep.BUILD_IMAGE,
                        "Cancelled by the engine during step BUILD_IMAGE."));
    }

    @Test
    void cancelAfterHealthCheckIsRejected() {
        Release previous = new Release(DeploymentId.random(), COMMIT, "sha256:0", "c0", "web-0", URL);

        fixture.given(requested(previous), started(previous), new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT),
                        new ImageBuiltEvent(DEPLOYMENT, APP, "sha256:1", "slipway/x:1"),
                        new ContainerStartedEvent(DEPLOYMENT, APP, "c1", "web-1", URL),
                        new HealthCheckPassedEvent(DEPLOYMENT, APP, "HTTP 200"))
                .when(new CancelDeploymentCommand(DEPLOYMENT))
                .expectException(DeploymentNotCancellableException.class)
                .expectNoEvents();
    }

    @Test
    void cancelOfEndedDeploymentIsRejected() {
        fixture.given(requested(null), new DeploymentFailedEvent(DEPLOYMENT, APP, DeploymentStep.RESOLVE_COMMIT, "x"))
                .when(new CancelDeploymentCommand(DEPLOYMENT))
                .expectException(DeploymentNotCancellableException.class)
                .expectNoEvents();
    }

    @Test
    void stepResultAfterCancelIsRejected() {
        fixture.given(requested(null), started(null),
                        new DeploymentCancelledEvent(DEPLOYMENT, APP, DeploymentStep.RESOLVE_COMMIT, "cancelled"))
                .when(new RecordCommitResolvedCommand(DEPLOYMENT, COMMIT))
                .expectException(StepOutOfOrderException.class)
                .expectNoEvents();
    }
}
