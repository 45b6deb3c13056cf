package dev.slipway.core.deployment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deployment accepts a step that runs again after an engine node stopped only while that step is next. */
class DeploymentResumeTest {

    private static final DeploymentId DEPLOYMENT = DeploymentId.random();
    private static final ApplicationId APP = ApplicationId.random();
    private static final GitRef REF = new GitRef("main");
    private static final CommitSha COMMIT = new CommitSha("0123456789abcdef0123456789abcdef01234567");
    private static final SourceSpec SOURCE = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"),
            REF, null, null);

    private AggregateTestFixture<Deployment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Deployment.class);
    }

    @Test
    void resumeOfNextStepIsRecorded() {
        fixture.given(requested(), started(), new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT))
                .when(new ResumeDeploymentStepCommand(DEPLOYMENT, DeploymentStep.BUILD_IMAGE, "node-b"))
                .expectEvents(new DeploymentStepResumedEvent(DEPLOYMENT, APP, DeploymentStep.BUILD_IMAGE, "node-b"));
    }

    @Test
    void outcomeOfTakenOverNodeIsRejected() {
        fixture.given(requested(), started(), new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT),
                        new DeploymentStepResumedEvent(DEPLOYMENT, APP, DeploymentStep.BUILD_IMAGE, "node-b"))
                .when(new RecordImageBuiltCommand(DEPLOYMENT, "sha256:stale", "slipway/web:stale"),
                        MetaData.with(DeploymentStepRunner.NODE_ID, "node-b"))
                .expectException(StepTakenOverException.class)
                .expectNoEvents();
    }

    @Test
    void failureOfTakenOverNodeIsRejected() {
        fixture.given(requested(), started(), new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT),
                        new DeploymentStepResumedEvent(DEPLOYMENT, APP, DeploymentStep.BUILD_IMAGE, "node-b"))
                .when(new FailDeploymentCommand(DEPLOYMENT, DeploymentStep.BUILD_IMAGE, "interrupted"),
                        MetaData.with(DeploymentStepRunner.NODE_ID, "node-b"))
                .expectException(StepTakenOverException.class)
                .expectNoEvents();
    }

    @Test
    void outcomeOfResumedRunIsRecorded() {
        fixture.given(requested(), started(), new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT),
                        new DeploymentStepResumedEvent(DEPLOYMENT, APP, DeploymentStep.BUILD_IMAGE, "node-b"))
                .when(new RecordImageBuiltCommand(DEPLOYMENT, "sha256:fresh", "slipway/web:fresh"),
                        MetaData.with(DeploymentStepRunner.NODE_ID, "node-c"))
                .expectEvents(new ImageBuiltEvent(DEPLOYMENT, APP, "sha256:fresh", "slipway/web:fresh"));
    }

    @Test
    void resumeOfRecordedStepIsRejected() {
        fixture.given(requested(), started(), new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new SourceCheckedOutEvent(DEPLOYMENT, APP, COMMIT))
                .when(new ResumeDeploymentStepCommand(DEPLOYMENT, DeploymentStep.CHECK_OUT, "node-b"))
                .expectException(StepOutOfOrderException.class)
                .expectNoEvents();
    }

    @Test
    void resumeOfFailedDeploymentIsRejected() {
        fixture.given(requested(), started(), new DeploymentFailedEvent(DEPLOYMENT, APP,
                        DeploymentStep.RESOLVE_COMMIT, "unreachable"))
                .when(new ResumeDeploymentStepCommand(DEPLOYMENT, DeploymentStep.RESOLVE_COMMIT, "node-b"))
                .expectException(StepOutOfOrderException.class)
                .expectNoEvents();
    }

    @Test
    void resumeOfStepThatStartsContainerIsInvalid() {
        assertThatThrownBy(() -> new ResumeDeploymentStepCommand(DEPLOYMENT, DeploymentStep.START_CONTAINER,
                "node-b"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("START_CONTAINER");
    }

    private static DeploymentRequestedEvent requested() {
        return new DeploymentRequestedEvent(DEPLOYMENT, APP, new ApplicationName("web"), SOURCE,
                new RuntimeSpec(8080, null, null), ServerId.LOCAL, null);
    }

    private static DeploymentStartedEvent started() {
        return new DeploymentStartedEvent(DEPLOYMENT, APP, null);
    }
}
