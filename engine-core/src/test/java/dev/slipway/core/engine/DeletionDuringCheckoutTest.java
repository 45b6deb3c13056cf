package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Deleting an application while its deployment's CHECK_OUT step still writes the checkout. The Git port here keeps
 * writing after the interrupt until the test lets it go, as a Git client that checks for the interrupt only now and
 * then would. A removal that does not wait for the step deletes the folder first, and the step's later file then
 * stays on every run. When the step writes during the removal's walk instead, the same overlap fails the removal
 * with {@code DirectoryNotEmptyException}.
 */
@Timeout(60)
class DeletionDuringCheckoutTest {

    private static final RequestContext ALICE = new RequestContext(Caller.user("alice"), "192.0.2.10", "request-1");

    @TempDir
    Path workDirectory;

    private final CountDownLatch checkingOut = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean checkoutInterrupted = new AtomicBoolean();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private DeploymentEngine engine;

    @BeforeEach
    void startEngine() {
        engine = DeploymentEngine.builder()
                .sourceRepository(new SlowCheckout())
                .containerRuntime(new StubContainerRuntime())
                .settings(EngineSettings.defaults(workDirectory).withSourcePolicy(new SourcePolicy(false, true)))
                .masterKey(MasterKey.generate())
                .build()
                .start();
        logs.start();
        rootLogger().addAppender(logs);
    }

    @AfterEach
    void closeEngine() {
        release.countDown();
        rootLogger().detachAppender(logs);
        engine.close();
    }

    @Test
    void deletionRemovesCheckoutAfterStepEnds() throws Exception {
        ApplicationId app = engine.createApplication(ALICE, new ApplicationName("racing"),
                new SourceSpec(RepositoryUrl.parse("https://git.example.test/o/racing.git"), new GitRef("main"),
                        null, null),
                new RuntimeSpec(8080, null, null));
        DeploymentId deployment = engine.requestDeployment(ALICE, app, null);
        assertThat(checkingOut.await(30, TimeUnit.SECONDS)).isTrue();
        Path deploymentDirectory = workDirectory.resolve(deployment.toString());

        engine.deleteApplication(ALICE, app);
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.findDeployment(deployment).orElseThrow()
                .status() == DeploymentStatus.CANCELLED);
        // Gives the removal time to reach the work directory while the step still runs.
        Thread.sleep(1000);
        release.countDown();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(logs.list)
                .anySatisfy(event -> assertThat(event.getFormattedMessage())
                        .contains("application [" + app + "] deleted: removed")));
        assertThat(deploymentDirectory).doesNotExist();
        assertThat(checkoutInterrupted).as("the cancel interrupted the CHECK_OUT step").isTrue();
        List<String> warnings = logs.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(warnings).noneSatisfy(message -> assertThat(message).contains("DirectoryNotEmptyException"));
        assertThat(warnings).noneSatisfy(message -> assertThat(message).contains("unable to remove"));
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /**
     * A Git port whose check-out writes one file, waits for the test uninterruptibly, writes a second file and then
     * fails when it was interrupted meanwhile, as a Git client does after an interrupted transfer.
     */
    private final class SlowCheckout implements SourceRepository {

        @Override
        public CommitSha resolve(RepositoryUrl url, GitRef ref) {
            return new CommitSha("a".repeat(40));
        }

        @Override
        public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
            try {
                Files.createDirectories(directory);
                Files.writeString(directory.resolve("first.txt"), "first");
                checkingOut.countDown();
                boolean interrupted = awaitRelease();
                checkoutInterrupted.set(interrupted);
                // A Git client creates the parent folders of each file it writes, so a removed folder comes back.
                Files.createDirectories(directory);
                Files.writeString(directory.resolve("second.txt"), "second");
                if (interrupted) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException(new java.io.InterruptedIOException("check-out interrupted"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits for the test to let the step go and returns whether the step was interrupted meanwhile. */
        private boolean awaitRelease() {
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    return interrupted;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
    }
}
