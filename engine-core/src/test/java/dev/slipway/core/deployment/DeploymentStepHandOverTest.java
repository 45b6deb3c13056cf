package dev.slipway.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step that starts while the previous step's thread still returns from storing its outcome. The command gateway
 * here starts CHECK_OUT from inside the store of RESOLVE_COMMIT's outcome and returns only once CHECK_OUT runs. In
 * the engine, the saga's event processor thread can start CHECK_OUT the same way before RESOLVE_COMMIT's thread has
 * left its step.
 */
@Timeout(30)
class DeploymentStepHandOverTest {

    private static final SourceSpec SOURCE = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"),
            new GitRef("main"), null, null);
    private static final CommitSha COMMIT = new CommitSha("0123456789abcdef0123456789abcdef01234567");

    @TempDir
    Path workDirectory;

    private final CountDownLatch checkingOut = new CountDownLatch(1);
    private final AtomicBoolean checkoutInterrupted = new AtomicBoolean();
    private final CommandGateway gateway = mock(CommandGateway.class);
    private DeploymentTask task;
    private DeploymentStepRunner runner;

    @BeforeEach
    void setUp() {
        task = new DeploymentTask(DeploymentId.random(), ApplicationId.random(), RequestContext.engine());
        when(gateway.sendAndWait(any())).thenAnswer(invocation -> {
            Object payload = ((CommandMessage<?>) invocation.getArgument(0)).getPayload();
            if (payload instanceof RecordCommitResolvedCommand) {
                runner.checkOut(task, SOURCE, COMMIT);
                assertThat(checkingOut.await(10, TimeUnit.SECONDS)).isTrue();
            }
            return null;
        });
        ThreadPoolExecutor workers = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10));
        runner = new DeploymentStepRunner(new SlowCheckout(), new StubContainerRuntime(), () -> gateway, workers,
                EngineSettings.defaults(workDirectory));
    }

    @AfterEach
    void closeRunner() {
        runner.close();
    }

    @Test
    void cancelReachesStepStartedDuringHandOver() throws Exception {
        runner.resolveCommit(task, new ApplicationName("web"), SOURCE, new RuntimeSpec(8080, null, null));
        assertThat(checkingOut.await(10, TimeUnit.SECONDS)).isTrue();
        // Lets RESOLVE_COMMIT's thread leave its step after the gateway returned.
        Thread.sleep(200);

        runner.cancel(task, true, null, null, null);

        await().atMost(Duration.ofSeconds(10)).untilTrue(checkoutInterrupted);
        Path deploymentDirectory = workDirectory.resolve(task.deploymentId().toString());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deploymentDirectory).doesNotExist());
    }

    /** A Git port whose resolve returns at once and whose check-out writes a file and waits to be interrupted. */
    private final class SlowCheckout implements SourceRepository {

        @Override
        public CommitSha resolve(RepositoryUrl url, GitRef ref) {
            return COMMIT;
        }

        @Override
        public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
            try {
                Files.createDirectories(directory);
                Files.writeString(directory.resolve("first.txt"), "first");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            checkingOut.countDown();
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                checkoutInterrupted.set(true);
                Thread.currentThread().interrupt();
                throw new StepFailedException("Unable to check out commit " + commit.abbreviated()
                        + ": the transfer was interrupted.");
            }
        }
    }
}
