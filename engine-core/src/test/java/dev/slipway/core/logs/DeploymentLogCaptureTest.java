package dev.slipway.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;
import dev.slipway.core.deployment.DeploymentCancelledEvent;
import dev.slipway.core.deployment.DeploymentFailedEvent;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.deployment.DeploymentSucceededEvent;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.LogSink;
import dev.slipway.core.spec.CommitSha;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the capture's bookkeeping with a stubbed runtime, which can end a deployment before its container's output
 * is followed; the Docker-backed tests of the frontends cover real build and container output.
 */
class DeploymentLogCaptureTest {

    private static final String CONTAINER_ID = "c0ffee";

    @TempDir
    Path directory;

    private final DeploymentId deployment = DeploymentId.of(UUID.randomUUID().toString());
    private final ApplicationId application = ApplicationId.of(UUID.randomUUID().toString());
    private final AtomicBoolean streamClosed = new AtomicBoolean();
    private final AtomicReference<LogSink> containerOutput = new AtomicReference<>();
    private FileDeploymentLogStore store;
    private DeploymentLogCapture capture;

    @BeforeEach
    void setUp() {
        ContainerRuntime containers = mock(ContainerRuntime.class);
        when(containers.followLogs(eq(CONTAINER_ID), any())).thenAnswer(invocation -> {
            containerOutput.set(invocation.getArgument(1));
            return (AutoCloseable) () -> streamClosed.set(true);
        });
        store = new FileDeploymentLogStore(LogStoreSettings.defaults(directory), Clock.systemUTC(), null);
        capture = new DeploymentLogCapture(store, containers, Clock.systemUTC());
    }

    @Test
    void failureStoresReasonLinesAndStopsFollowing() {
        capture.buildOutput(deployment, LogSink.DISCARD).line("Step 1/2 : FROM busybox:stable");
        capture.followContainer(deployment, CONTAINER_ID);
        containerOutput.get().line("starting");

        capture.on(new DeploymentFailedEvent(deployment, application, DeploymentStep.HEALTH_CHECK,
                "Health check failed. Last container output:\nstarting\n"));
        containerOutput.get().line("after the end");

        LogPage page = store.read(deployment, 0, 100);
        assertThat(page.lines()).extracting(LogLine::source).containsExactly(LogSource.BUILD, LogSource.CONTAINER,
                LogSource.ENGINE, LogSource.ENGINE);
        assertThat(page.lines()).extracting(LogLine::text).containsExactly("Step 1/2 : FROM busybox:stable",
                "starting", "Deployment failed at step HEALTH_CHECK: Health check failed. Last container output:",
                "starting");
        assertThat(page.ended()).isTrue();
        assertThat(streamClosed).isTrue();
    }

    @Test
    void outcomeStoredAfterOutputFillsLimit() throws Exception {
        LogSink build = capture.buildOutput(deployment, LogSink.DISCARD);
        for (int i = 1; i <= 250_000; i++) {
            build.line("output line " + i);
        }
        Release release = new Release(deployment, new CommitSha("0123456789abcdef0123456789abcdef01234567"),
                "sha256:0123", CONTAINER_ID, "slipway-app", "http://127.0.0.1:32768");

        capture.on(new DeploymentSucceededEvent(deployment, application, release));

        Path file = directory.resolve(deployment + ".jsonl");
        assertThat(Files.size(file)).isLessThanOrEqualTo(LogStoreSettings.DEFAULT_MAX_BYTES);
        List<LogLine> lines = store.read(deployment, 0, Integer.MAX_VALUE).lines();
        assertThat(lines.get(lines.size() - 2).text()).startsWith("Log truncated:");
        LogLine outcome = lines.get(lines.size() - 1);
        assertThat(outcome.source()).isEqualTo(LogSource.ENGINE);
        assertThat(outcome.text())
                .isEqualTo("Deployment succeeded: the container answers at http://127.0.0.1:32768.");
    }

    @Test
    void followAfterCancelStopsAtOnce() {
        capture.on(new DeploymentCancelledEvent(deployment, application, DeploymentStep.START_CONTAINER,
                "cancelled by user:alice"));

        capture.followContainer(deployment, CONTAINER_ID);

        assertThat(streamClosed).isTrue();
        List<LogLine> lines = store.read(deployment, 0, 100).lines();
        assertThat(lines).extracting(LogLine::text).containsExactly("Deployment cancelled: cancelled by user:alice");
    }
}
