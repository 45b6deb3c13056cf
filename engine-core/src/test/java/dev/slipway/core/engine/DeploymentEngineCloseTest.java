package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentFailedEvent;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.secret.InMemoryKeysetStore;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Closing the plain-Java engine while a step runs and starting it again, on Axon's own command bus and event store. */
@Timeout(60)
class DeploymentEngineCloseTest {

    private static final RequestContext ALICE = new RequestContext(Caller.user("alice"), "192.0.2.10", "request-1");

    @TempDir
    Path workDirectory;

    private final CountDownLatch resolving = new CountDownLatch(1);
    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final InMemoryKeysetStore keysets = new InMemoryKeysetStore();
    private final MasterKey masterKey = MasterKey.generate();

    @Test
    void closeRecordsInterruptedStepAsFailed() throws Exception {
        DeploymentEngine engine = engine(new BlockingSource());
        DeploymentId deployment = awaitResolving(engine, createApplication(engine));

        engine.close();

        assertLastEventFailedResolving(deployment);
    }

    @Test
    void axonShutdownRecordsInterruptedStepAsFailed() throws Exception {
        DeploymentEngine engine = engine(new BlockingSource());
        DeploymentId deployment = awaitResolving(engine, createApplication(engine));

        // Spring Boot shuts Axon down this way, before it closes the engine's beans.
        engine.axonConfiguration().shutdown();

        try {
            assertLastEventFailedResolving(deployment);
        } finally {
            engine.close();
        }
    }

    @Test
    void nextStartFreesLaneOfClosedDeployment() throws Exception {
        ApplicationId app;
        DeploymentId interrupted;
        try (DeploymentEngine engine = engine(new BlockingSource())) {
            app = createApplication(engine);
            interrupted = awaitResolving(engine, app);
        }

        try (DeploymentEngine restarted = engine(new UnreachableSource())) {
            assertThat(restarted.findDeployment(interrupted).orElseThrow().status())
                    .isEqualTo(DeploymentStatus.FAILED);
            DeploymentId next = restarted.requestDeployment(ALICE, app, null);

            await().atMost(Duration.ofSeconds(30)).until(() -> restarted.findDeployment(next).orElseThrow()
                    .status().isFinal());
            DeploymentView view = restarted.findDeployment(next).orElseThrow();
            assertThat(view.status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(view.reason()).contains("no route to the test host");
        }
    }

    private DeploymentEngine engine(SourceRepository source) {
        return DeploymentEngine.builder()
                .sourceRepository(source)
                .containerRuntime(new StubContainerRuntime())
                .settings(EngineSettings.defaults(workDirectory).withSourcePolicy(new SourcePolicy(false, true)))
                .eventStorageEngine(storage)
                .masterKey(masterKey)
                .keysetStore(keysets)
                .build()
                .start();
    }

    private void assertLastEventFailedResolving(DeploymentId deployment) {
        List<? extends DomainEventMessage<?>> events = storage.readEvents(deployment.toString(), 0).asStream()
                .toList();
        assertThat(events.get(events.size() - 1).getPayload()).isInstanceOfSatisfying(DeploymentFailedEvent.class,
                failed -> {
                    assertThat(failed.step()).isEqualTo(DeploymentStep.RESOLVE_COMMIT);
                    // The port's own failure after the interrupt reads as a broken transfer; the engine names the stop.
                    assertThat(failed.reason())
                            .isEqualTo("The engine stopped while step RESOLVE_COMMIT was running. Deploy again.");
                });
    }

    /** Requests a deployment and waits until its RESOLVE_COMMIT step blocks in the Git port. */
    private DeploymentId awaitResolving(DeploymentEngine engine, ApplicationId app) throws InterruptedException {
        DeploymentId deployment = engine.requestDeployment(ALICE, app, null);
        assertThat(resolving.await(30, TimeUnit.SECONDS)).isTrue();
        return deployment;
    }

    private static ApplicationId createApplication(DeploymentEngine engine) {
        return engine.createApplication(ALICE, new ApplicationName("closing"),
                new SourceSpec(RepositoryUrl.parse("https://git.example.test/o/closing.git"), new GitRef("main"),
                        null, null),
                new RuntimeSpec(8080, null, null));
    }

    /** A Git port whose every call fails at once, as an unreachable host would. */
    private static final class UnreachableSource implements SourceRepository {

        @Override
        public CommitSha resolve(RepositoryUrl url, GitRef ref) {
            throw new StepFailedException("Unable to reach repository '" + url + "': no route to the test host.");
        }

        @Override
        public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
            throw new AssertionError("checkOut must not run");
        }
    }

    /** A Git port whose resolve waits until it is interrupted, as a slow remote would. */
    private final class BlockingSource implements SourceRepository {

        @Override
        public CommitSha resolve(RepositoryUrl url, GitRef ref) {
            resolving.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new StepFailedException("Unable to reach repository '" + url + "': the transfer was interrupted.");
        }

        @Override
        public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
            throw new AssertionError("checkOut must not run");
        }
    }
}
