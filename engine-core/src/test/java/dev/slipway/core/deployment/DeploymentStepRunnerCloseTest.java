package dev.slipway.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the step runner: running steps are interrupted and report their failure, queued steps do not start, and
 * bookkeeping under way, such as completing a deployment, ends first.
 */
@Timeout(30)
class DeploymentStepRunnerCloseTest {

    private static final SourceSpec SOURCE = new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/web.git"),
            new GitRef("main"), null, null);
    private static final CommitSha COMMIT = new CommitSha("0123456789abcdef0123456789abcdef01234567");

    @TempDir
    Path workDirectory;

    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final List<String> sourceCalls = new CopyOnWriteArrayList<>();
    private final CountDownLatch completing = new CountDownLatch(1);
    private final CountDownLatch resolving = new CountDownLatch(1);
    private final CountDownLatch recordingCommit = new CountDownLatch(1);
    private final CommandGateway gateway = mock(CommandGateway.class);
    private DeploymentTask task;
    /** What the blocking resolve throws once interrupted; null for the failure JGit reports. */
    private volatile RuntimeException interruptFailure;
    /** Whether resolve returns the commit at once instead of blocking. */
    private volatile boolean resolveAtOnce;

    @BeforeEach
    void setUp() {
        task = new DeploymentTask(DeploymentId.random(), ApplicationId.random(), RequestContext.engine());
        when(gateway.sendAndWait(any())).thenAnswer(invocation -> {
            Object payload = ((CommandMessage<?>) invocation.getArgument(0)).getPayload();
            if (payload instanceof CompleteDeploymentCommand) {
                completing.countDown();
                try {
                    Thread.sleep(300);
                    outcomes.add("completed");
                } catch (InterruptedException e) {
                    outcomes.add("completion interrupted");
                    throw e;
                }
            } else if (payload instanceof RecordCommitResolvedCommand) {
                recordingCommit.countDown();
                try {
                    Thread.sleep(300);
                    outcomes.add("commit recorded");
                } catch (InterruptedException e) {
                    outcomes.add("commit recording interrupted");
                    throw e;
                }
            } else if (payload instanceof FailDeploymentCommand fail) {
                outcomes.add("failed at " + fail.step() + ": " + fail.reason());
            }
            return null;
        });
    }

    @Test
    void closeLetsCompletionEnd() throws Exception {
        DeploymentStepRunner runner = runner(2);

        runner.complete(task);
        assertThat(completing.await(10, TimeUnit.SECONDS)).isTrue();
        runner.close();

        assertThat(outcomes).containsExactly("completed");
    }

    @Test
    void closeInterruptsRunningStep() throws Exception {
        DeploymentStepRunner runner = runner(2);

        runner.resolveCommit(task, new ApplicationName("web"), SOURCE, new RuntimeSpec(8080, null, null));
        assertThat(resolving.await(10, TimeUnit.SECONDS)).isTrue();
        runner.close();

        // The port reports the interrupt as its own failure, a broken transfer; the outcome names the stop instead.
        assertThat(outcomes).containsExactly(
                "failed at RESOLVE_COMMIT: The engine stopped while step RESOLVE_COMMIT was running. Deploy again.");
    }

    @Test
    void closeNamesStepWhenLibraryFailsOtherwise() throws Exception {
        interruptFailure = new CancellationException();
        DeploymentStepRunner runner = runner(2);

        runner.resolveCommit(task, new ApplicationName("web"), SOURCE, new RuntimeSpec(8080, null, null));
        assertThat(resolving.await(10, TimeUnit.SECONDS)).isTrue();
        runner.close();

        assertThat(outcomes).containsExactly(
                "failed at RESOLVE_COMMIT: The engine stopped while step RESOLVE_COMMIT was running. Deploy again.");
    }

    @Test
    void closeLetsStepStoreItsOutcome() throws Exception {
        resolveAtOnce = true;
        DeploymentStepRunner runner = runner(2);

        runner.resolveCommit(task, new ApplicationName("web"), SOURCE, new RuntimeSpec(8080, null, null));
        assertThat(recordingCommit.await(10, TimeUnit.SECONDS)).isTrue();
        runner.close();

        assertThat(outcomes).containsExactly("commit recorded");
    }

    @Test
    void cancelLetsStepStoreItsOutcome() throws Exception {
        resolveAtOnce = true;
        DeploymentStepRunner runner = runner(2);

        runner.resolveCommit(task, new ApplicationName("web"), SOURCE, new RuntimeSpec(8080, null, null));
        assertThat(recordingCommit.await(10, TimeUnit.SECONDS)).isTrue();
        runner.cancel(task, true, null, null, null);
        runner.close();

        assertThat(outcomes).startsWith("commit recorded");
        assertThat(outcomes).doesNotContain("commit recording interrupted");
    }

    @Test
    void closeSkipsQueuedStep() throws Exception {
        DeploymentStepRunner runner = runner(1);

        runner.complete(task);
        assertThat(completing.await(10, TimeUnit.SECONDS)).isTrue();
        runner.checkOut(task, SOURCE, COMMIT);
        runner.close();

        assertThat(outcomes).containsExactly("completed");
        assertThat(sourceCalls).isEmpty();
    }

    private DeploymentStepRunner runner(int threads) {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10));
        return new DeploymentStepRunner(new BlockingSource(), new StubContainerRuntime(), () -> gateway, workers,
                EngineSettings.defaults(workDirectory));
    }

    /** A Git port whose resolve waits until it is interrupted, and which records every call. */
    private final class BlockingSource implements SourceRepository {

        @Override
        public CommitSha resolve(RepositoryUrl url, GitRef ref) {
            sourceCalls.add("resolve " + ref);
            if (resolveAtOnce) {
                return COMMIT;
            }
            resolving.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (interruptFailure != null) {
                throw interruptFailure;
            }
            // JGit reports an interrupted transfer as a failure of the transfer.
            throw new StepFailedException("Unable to reach repository '" + url + "': the transfer was interrupted.");
        }

        @Override
        public void checkOut(RepositoryUrl url, GitRef ref, CommitSha commit, Path directory) {
            sourceCalls.add("check out " + commit);
        }
    }
}
