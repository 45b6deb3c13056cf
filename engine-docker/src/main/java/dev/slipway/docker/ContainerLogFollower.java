package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.slipway.core.runtime.LogSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a container's standard output and standard error from its start, splitting each stream into lines of its
 * own so that a line cut across two frames of one stream is not mixed with the other stream.
 *
 * <p>Docker hands a line to a follower some time after the container wrote it. So that lines written before the
 * follow is stopped are kept, stopping first waits until no output arrived for {@link #QUIET}, for at most
 * {@link #DRAIN_LIMIT}.
 */
final class ContainerLogFollower {

    static final Duration QUIET = Duration.ofMillis(50);
    static final Duration DRAIN_LIMIT = Duration.ofMillis(250);

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLogFollower.class);

    private final DockerClient streaming;
    private final DockerFailures failures;

    ContainerLogFollower(DockerClient streaming, DockerFailures failures) {
        this.streaming = streaming;
        this.failures = failures;
    }

    /** Starts following and returns a handle that stops it; the stream also ends when the container stops. */
    AutoCloseable follow(String containerId, LogSink output) {
        OutputLines stdout = new OutputLines(output, 0);
        OutputLines stderr = new OutputLines(output, 0);
        AtomicLong lastOutput = new AtomicLong(System.nanoTime());
        StreamCallback<Frame> callback = new StreamCallback<>() {
            @Override
            public void onNext(Frame frame) {
                lastOutput.set(System.nanoTime());
                OutputLines lines = frame.getStreamType() == StreamType.STDERR ? stderr : stdout;
                lines.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void onComplete() {
                stdout.finish();
                stderr.finish();
                super.onComplete();
            }
        };
        try {
            streaming.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true)
                    .exec(callback);
        } catch (RuntimeException e) {
            throw failures.failure("follow the output of container '" + containerId + "'", e,
                    "Check that the container exists.");
        }
        LOG.debug("container [{}] output followed", containerId);
        return () -> {
            awaitQuiet(lastOutput);
            try {
                callback.close();
            } catch (IOException e) {
                LOG.debug("container [{}] output stream did not close cleanly: {}", containerId, e.toString());
            }
            stdout.finish();
            stderr.finish();
        };
    }

    /** Waits until no output arrived for {@link #QUIET}, or until {@link #DRAIN_LIMIT} has passed. */
    private static void awaitQuiet(AtomicLong lastOutput) {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (true) {
            long now = System.nanoTime();
            long quietAt = lastOutput.get() + QUIET.toNanos();
            if (now - quietAt >= 0 || now - deadline >= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(quietAt, deadline) - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
