package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationConfiguration;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A rollback deployment skips check-out and build and releases the earlier deployment's image. */
class DeploymentRollbackTest {

    private static final DeploymentId DEPLOYMENT = DeploymentId.random();
    private static final ApplicationId APP = ApplicationId.random();
    private static final CommitSha COMMIT = new CommitSha("0123456789abcdef0123456789abcdef01234567");
    private static final GitRef REF = new GitRef(COMMIT.value());
    private static final SourceSpec SOURCE = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"),
            REF, null, null);
    private static final Release TARGET = new Release(DeploymentId.random(), COMMIT, "sha256:1", "c1", "web-1",
            "http://127.0.0.1:32768");
    private static final Release SERVING = new Release(DeploymentId.random(),
            new CommitSha("f".repeat(40)), "sha256:2", "c2", "web-2", "http://127.0.0.1:32769");
    private static final String URL = "http://127.0.0.1:32770";

    private AggregateTestFixture<Deployment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Deployment.class);
    }

    @Test
    void rollbackStartsContainerRightAfterResolvedCommit() {
        fixture.given(requested(), new DeploymentStartedEvent(DEPLOYMENT, APP, SERVING),
                        new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT))
                .when(new RecordContainerStartedCommand(DEPLOYMENT, "c3", "web-3", URL))
                .expectEvents(new ContainerStartedEvent(DEPLOYMENT, APP, "c3", "web-3", URL));
    }

    @Test
    void rollbackRejectsBuildReport() {
        fixture.given(requested(), new DeploymentStartedEvent(DEPLOYMENT, APP, SERVING),
                        new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT))
                .when(new RecordImageBuiltCommand(DEPLOYMENT, "sha256:9", "slipway/x:1"))
                .expectException(StepOutOfOrderException.class)
                .expectNoEvents();
    }

    @Test
    void rollbackReleasesEarlierImage() {
        fixture.given(requested(), new DeploymentStartedEvent(DEPLOYMENT, APP, SERVING),
                        new CommitResolvedEvent(DEPLOYMENT, APP, REF, COMMIT),
                        new ContainerStartedEvent(DEPLOYMENT, APP, "c3", "web-3", URL),
                        new HealthCheckPassedEvent(DEPLOYMENT, APP, "HTTP 200"),
                        new PreviousContainerStoppedEvent(DEPLOYMENT, APP, "c2"))
                .when(new CompleteDeploymentCommand(DEPLOYMENT))
                .expectEvents(new DeploymentSucceededEvent(DEPLOYMENT, APP,
                        new Release(DEPLOYMENT, COMMIT, "sha256:1", "c3", "web-3", URL)));
    }

    private static DeploymentRequestedEvent requested() {
        return new DeploymentRequestedEvent(DEPLOYMENT, APP, new ApplicationName("web"), SOURCE,
                new RuntimeSpec(8080, null, null), ServerId.LOCAL, SERVING, ApplicationConfiguration.EMPTY, TARGET);
    }
}
