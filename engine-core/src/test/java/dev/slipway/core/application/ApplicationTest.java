package dev.slipway.core.application;

import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentRequestedEvent;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplicationTest {

    private static final ApplicationId APP = ApplicationId.random();
    private static final ApplicationName NAME = new ApplicationName("web");
    private static final SourceSpec SOURCE = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"),
            new GitRef("main"), null, null);
    private static final RuntimeSpec RUNTIME = new RuntimeSpec(8080, null, null);

    private AggregateTestFixture<Application> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Application.class);
        fixture.registerInjectableResource(SourcePolicy.STRICT);
        fixture.registerInjectableResource(new ApplicationNames());
    }

    @Test
    void createOnLocalServerWhenNoServerGiven() {
        fixture.givenNoPriorActivity()
                .when(new CreateApplicationCommand(APP, NAME, SOURCE, RUNTIME, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApplicationCreatedEvent(APP, NAME, SOURCE, RUNTIME, ServerId.LOCAL));
    }

    @Test
    void createWithLocalRepositoryRejectedByStrictPolicy() {
        SourceSpec local = new SourceSpec(RepositoryUrl.parse("file:///srv/git/web.git"), new GitRef("main"), null,
                null);

        fixture.givenNoPriorActivity()
                .when(new CreateApplicationCommand(APP, NAME, local, RUNTIME, null))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("repositoryUrl"))
                .expectNoEvents();
    }

    @Test
    void requestDeploymentStartsDeploymentWithServingRelease() {
        DeploymentId deployment = DeploymentId.random();
        Release release = new Release(DeploymentId.random(), new CommitSha("a".repeat(40)), "sha256:1", "c1", "web-1",
                "http://127.0.0.1:32768");

        fixture.given(new ApplicationCreatedEvent(APP, NAME, SOURCE, RUNTIME, ServerId.LOCAL),
                        new ReleaseRecordedEvent(APP, release))
                .when(new RequestDeploymentCommand(APP, deployment, new GitRef("v2")))
                .expectResultMessagePayload(deployment)
                .expectEvents(new DeploymentRequestedEvent(deployment, APP, NAME, SOURCE.withRef(new GitRef("v2")),
                        RUNTIME, ServerId.LOCAL, release));
    }

    @Test
    void recordReleaseStoresServingContainer() {
        Release release = new Release(DeploymentId.random(), new CommitSha("a".repeat(40)), "sha256:1", "c1", "web-1",
                "http://127.0.0.1:32768");

        fixture.given(new ApplicationCreatedEvent(APP, NAME, SOURCE, RUNTIME, ServerId.LOCAL))
                .when(new RecordReleaseCommand(APP, release))
                .expectEvents(new ReleaseRecordedEvent(APP, release));
    }
}
