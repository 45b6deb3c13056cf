package dev.slipway.core.application;

import dev.slipway.core.deployment.DeploymentAdmittedEvent;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentLaneLeftEvent;
import dev.slipway.core.deployment.DeploymentQueuedEvent;
import dev.slipway.core.deployment.DeploymentRequestedEvent;
import dev.slipway.core.deployment.IdempotencyKey;
import dev.slipway.core.deployment.IdempotencyKeyRecordedEvent;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import java.util.List;
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
        ApplicationNames names = new ApplicationNames();
        names.routeDomains(true);
        fixture.registerInjectableResource(names);
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
                        RUNTIME, ServerId.LOCAL, release), new DeploymentAdmittedEvent(deployment, APP, release));
    }

    @Test
    void requestWhileLaneHeldQueuesAtNextPosition() {
        DeploymentId running = DeploymentId.random();
        DeploymentId waiting = DeploymentId.random();
        DeploymentId third = DeploymentId.random();

        fixture.given(created(), new DeploymentAdmittedEvent(running, APP, null),
                        new DeploymentQueuedEvent(waiting, APP, running, 1))
                .when(new RequestDeploymentCommand(APP, third, null))
                .expectResultMessagePayload(third)
                .expectEvents(new DeploymentRequestedEvent(third, APP, NAME, SOURCE, RUNTIME, ServerId.LOCAL, null),
                        new DeploymentQueuedEvent(third, APP, running, 2));
    }

    @Test
    void endOfRunningAdmitsFirstQueued() {
        DeploymentId running = DeploymentId.random();
        DeploymentId waiting = DeploymentId.random();
        Release release = new Release(running, new CommitSha("b".repeat(40)), "sha256:2", "c2", "web-2",
                "http://127.0.0.1:32769");

        fixture.given(created(), new DeploymentAdmittedEvent(running, APP, null),
                        new DeploymentQueuedEvent(waiting, APP, running, 1), new ReleaseRecordedEvent(APP, release))
                .when(new AdmitNextDeploymentCommand(APP, running))
                .expectEvents(new DeploymentLaneLeftEvent(running, APP),
                        new DeploymentAdmittedEvent(waiting, APP, release));
    }

    @Test
    void endOfQueuedDeploymentOnlyLeavesLane() {
        DeploymentId running = DeploymentId.random();
        DeploymentId waiting = DeploymentId.random();

        fixture.given(created(), new DeploymentAdmittedEvent(running, APP, null),
                        new DeploymentQueuedEvent(waiting, APP, running, 1))
                .when(new AdmitNextDeploymentCommand(APP, waiting))
                .expectEvents(new DeploymentLaneLeftEvent(waiting, APP));
    }

    @Test
    void repeatedEndChangesNothing() {
        DeploymentId ended = DeploymentId.random();

        fixture.given(created(), new DeploymentAdmittedEvent(ended, APP, null),
                        new DeploymentLaneLeftEvent(ended, APP))
                .when(new AdmitNextDeploymentCommand(APP, ended))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void requestAfterLaneFreedIsAdmitted() {
        DeploymentId ended = DeploymentId.random();
        DeploymentId next = DeploymentId.random();

        fixture.given(created(), new DeploymentAdmittedEvent(ended, APP, null),
                        new DeploymentLaneLeftEvent(ended, APP))
                .when(new RequestDeploymentCommand(APP, next, null))
                .expectEvents(new DeploymentRequestedEvent(next, APP, NAME, SOURCE, RUNTIME, ServerId.LOCAL, null),
                        new DeploymentAdmittedEvent(next, APP, null));
    }

    @Test
    void repeatedIdempotencyKeyReturnsFirstDeployment() {
        DeploymentId first = DeploymentId.random();
        IdempotencyKey key = new IdempotencyKey("release-1");

        fixture.given(created(), new IdempotencyKeyRecordedEvent(APP, key, first),
                        new DeploymentAdmittedEvent(first, APP, null))
                .when(new RequestDeploymentCommand(APP, DeploymentId.random(), null, key))
                .expectResultMessagePayload(first)
                .expectNoEvents();
    }

    @Test
    void newIdempotencyKeyIsRecorded() {
        DeploymentId deployment = DeploymentId.random();
        IdempotencyKey key = new IdempotencyKey("release-2");

        fixture.given(created())
                .when(new RequestDeploymentCommand(APP, deployment, null, key))
                .expectResultMessagePayload(deployment)
                .expectEvents(
                        new DeploymentRequestedEvent(deployment, APP, NAME, SOURCE, RUNTIME, ServerId.LOCAL, null),
                        new IdempotencyKeyRecordedEvent(APP, key, deployment),
                        new DeploymentAdmittedEvent(deployment, APP, null));
    }

    private static ApplicationCreatedEvent created() {
        return new ApplicationCreatedEvent(APP, NAME, SOURCE, RUNTIME, ServerId.LOCAL);
    }

    @Test
    void recordReleaseStoresServingContainer() {
        Release release = new Release(DeploymentId.random(), new CommitSha("a".repeat(40)), "sha256:1", "c1", "web-1",
                "http://127.0.0.1:32768");

        fixture.given(new ApplicationCreatedEvent(APP, NAME, SOURCE, RUNTIME, ServerId.LOCAL))
                .when(new RecordReleaseCommand(APP, release))
                .expectEvents(new ReleaseRecordedEvent(APP, release));
    }

    @Test
    void domainsAreReplaced() {
        List<DomainName> domains = List.of(new DomainName("shop.example.test"));

        fixture.given(created())
                .when(new SetDomainsCommand(APP, domains))
                .expectEvents(new DomainsSetEvent(APP, domains));
    }

    @Test
    void domainsChangeWhileDeploymentRunsIsRejected() {
        fixture.given(created(), new DeploymentAdmittedEvent(DeploymentId.random(), APP, null))
                .when(new SetDomainsCommand(APP, List.of(new DomainName("shop.example.test"))))
                .expectException(DeploymentRunningException.class)
                .expectNoEvents();
    }

    @Test
    void unchangedDomainsStoreNothing() {
        fixture.given(created())
                .when(new SetDomainsCommand(APP, List.of()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
