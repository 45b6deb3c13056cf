package dev.slipway.core.application;

import dev.slipway.core.deployment.DeploymentAdmittedEvent;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentQueuedEvent;
import dev.slipway.core.deployment.DeploymentRequestedEvent;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Release bookkeeping of the application aggregate: rollbacks and image retention. */
class ApplicationReleaseTest {

    private static final ApplicationId APP = ApplicationId.random();
    private static final ApplicationName NAME = new ApplicationName("web");
    private static final SourceSpec SOURCE = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"),
            new GitRef("main"), null, null);
    private static final RuntimeSpec RUNTIME = new RuntimeSpec(8080, null, null);
    private static final ApplicationCreatedEvent CREATED = new ApplicationCreatedEvent(APP, NAME, SOURCE, RUNTIME,
            ServerId.LOCAL);

    private AggregateTestFixture<Application> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Application.class);
        fixture.registerInjectableResource(SourcePolicy.STRICT);
        fixture.registerInjectableResource(new ApplicationNames());
    }

    @Test
    void rollbackRequestsDeploymentOfEarlierImage() {
        Release first = release('a', "sha256:1");
        Release second = release('b', "sha256:2");
        DeploymentId rollback = DeploymentId.random();

        fixture.given(CREATED, new ReleaseRecordedEvent(APP, first), new ReleaseRecordedEvent(APP, second))
                .when(new RequestRollbackCommand(APP, rollback, first.deploymentId()))
                .expectResultMessagePayload(rollback)
                .expectEvents(new DeploymentRequestedEvent(rollback, APP, NAME,
                        SOURCE.withRef(new GitRef(first.commit().value())), RUNTIME, ServerId.LOCAL, second,
                        ApplicationConfiguration.EMPTY, first), new DeploymentAdmittedEvent(rollback, APP, second));
    }

    @Test
    void rollbackToUnknownDeploymentRejected() {
        DeploymentId unknown = DeploymentId.random();

        fixture.given(CREATED, new ReleaseRecordedEvent(APP, release('a', "sha256:1")))
                .when(new RequestRollbackCommand(APP, DeploymentId.random(), unknown))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage(Matchers.containsString(unknown.toString()))
                .expectNoEvents();
    }

    @Test
    void rollbackToServingReleaseRejected() {
        Release serving = release('a', "sha256:1");

        fixture.given(CREATED, new ReleaseRecordedEvent(APP, serving))
                .when(new RequestRollbackCommand(APP, DeploymentId.random(), serving.deploymentId()))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage(Matchers.containsString("serves"))
                .expectNoEvents();
    }

    @Test
    void rollbackToServingReleaseQueuesBehindRunning() {
        Release serving = release('a', "sha256:1");
        DeploymentId running = DeploymentId.random();
        DeploymentId rollback = DeploymentId.random();

        fixture.given(CREATED, new ReleaseRecordedEvent(APP, serving),
                        new DeploymentAdmittedEvent(running, APP, serving))
                .when(new RequestRollbackCommand(APP, rollback, serving.deploymentId()))
                .expectResultMessagePayload(rollback)
                .expectEvents(new DeploymentRequestedEvent(rollback, APP, NAME,
                        SOURCE.withRef(new GitRef(serving.commit().value())), RUNTIME, ServerId.LOCAL, serving,
                        ApplicationConfiguration.EMPTY, serving), new DeploymentQueuedEvent(rollback, APP, running, 1));
    }

    @Test
    void rollbackToJustRecordedReleaseRejected() {
        Release serving = release('a', "sha256:1");

        // The deployment that holds the lane is the release itself: it was recorded and leaves the lane next.
        fixture.given(CREATED, new DeploymentAdmittedEvent(serving.deploymentId(), APP, null),
                        new ReleaseRecordedEvent(APP, serving))
                .when(new RequestRollbackCommand(APP, DeploymentId.random(), serving.deploymentId()))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage(Matchers.containsString("serves"))
                .expectNoEvents();
    }

    @Test
    void rollbackToRunningDeploymentRejected() {
        Release serving = release('a', "sha256:1");
        DeploymentId running = DeploymentId.random();

        fixture.given(CREATED, new ReleaseRecordedEvent(APP, serving),
                        new DeploymentAdmittedEvent(running, APP, serving))
                .when(new RequestRollbackCommand(APP, DeploymentId.random(), running))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage(Matchers.containsString("still runs or is being recorded"))
                .expectNoEvents();
    }

    @Test
    void recordReleaseKeepsLatestImagesByEngineDefault() {
        Release newest = release('d', "sha256:4");

        fixture.given(CREATED, new ReleaseRecordedEvent(APP, release('a', "sha256:1")),
                        new ReleaseRecordedEvent(APP, release('b', "sha256:2")),
                        new ReleaseRecordedEvent(APP, release('c', "sha256:3")))
                .when(new RecordReleaseCommand(APP, newest, 3))
                .expectEvents(new ReleaseRecordedEvent(APP, newest))
                .expectResultMessagePayload(List.of("sha256:4", "sha256:3", "sha256:2"));
    }

    @Test
    void latestReleaseRecordedAgainAddsNothing() {
        Release latest = release('b', "sha256:2");

        fixture.given(CREATED, new ReleaseRecordedEvent(APP, release('a', "sha256:1")),
                        new ReleaseRecordedEvent(APP, latest))
                .when(new RecordReleaseCommand(APP, latest, 3))
                .expectNoEvents()
                .expectResultMessagePayload(List.of("sha256:2", "sha256:1"));
    }

    @Test
    void olderReleaseRecordedAgainAddsNothing() {
        Release older = release('a', "sha256:1");

        fixture.given(CREATED, new ReleaseRecordedEvent(APP, older),
                        new ReleaseRecordedEvent(APP, release('b', "sha256:2")))
                .when(new RecordReleaseCommand(APP, older, 3))
                .expectNoEvents()
                .expectResultMessagePayload(List.of("sha256:2", "sha256:1"));
    }

    @Test
    void recordReleaseCountsRolledBackImageOnce() {
        Release first = release('a', "sha256:1");
        Release rollback = new Release(DeploymentId.random(), first.commit(), "sha256:1", "c9", "web-9",
                "http://127.0.0.1:32769");

        fixture.given(CREATED, new ReleaseRecordedEvent(APP, first),
                        new ReleaseRecordedEvent(APP, release('b', "sha256:2")),
                        new ReleaseRecordedEvent(APP, release('c', "sha256:3")))
                .when(new RecordReleaseCommand(APP, rollback, 3))
                .expectResultMessagePayload(List.of("sha256:1", "sha256:3", "sha256:2"));
    }

    @Test
    void imageRetentionOfApplicationOverridesEngineDefault() {
        Release newest = release('c', "sha256:3");

        fixture.given(CREATED, new ImageRetentionSetEvent(APP, 1),
                        new ReleaseRecordedEvent(APP, release('a', "sha256:1")))
                .when(new RecordReleaseCommand(APP, newest, 3))
                .expectResultMessagePayload(List.of("sha256:3"));
    }

    @Test
    void imageRetentionOutOfRangeRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SetImageRetentionCommand(APP, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("keptImages");
    }

    @Test
    void imageRetentionSetOnlyWhenChanged() {
        fixture.given(CREATED, new ImageRetentionSetEvent(APP, 5))
                .when(new SetImageRetentionCommand(APP, 5))
                .expectNoEvents();
    }

    private static Release release(char commit, String imageId) {
        DeploymentId deployment = DeploymentId.random();
        return new Release(deployment, new CommitSha(String.valueOf(commit).repeat(40)), imageId,
                "c-" + deployment, "web-" + commit, "http://127.0.0.1:32768");
    }
}
