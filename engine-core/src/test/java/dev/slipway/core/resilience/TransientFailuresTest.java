package dev.slipway.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.runtime.TransientFailureException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    private final StepRetry retry = new StepRetry(3, Duration.ofMillis(1));

    @Test
    void resetAndRefusedConnectionsAreTransient() {
        assertThat(TransientFailures.isTransient(new UncheckedIOException(new SocketException("Connection reset"))))
                .isTrue();
        assertThat(TransientFailures.isTransient(new StepFailedException("Unable to reach repository",
                new IOException("fetch failed", new ConnectException("Connection refused"))))).isTrue();
        assertThat(TransientFailures.isTransient(new TransientFailureException("HTTP 503", null))).isTrue();
    }

    @Test
    void userErrorsAndInterruptsAreFinal() {
        assertThat(TransientFailures.isTransient(new StepFailedException("Ref 'x' not found"))).isFalse();
        assertThat(TransientFailures.isTransient(new StepFailedException("Build failed: connection reset"))).isFalse();
        assertThat(TransientFailures.isTransient(new UncheckedIOException(new BindException("in use")))).isFalse();
        assertThat(TransientFailures.isTransient(new TransientFailureException("cancelled",
                new InterruptedIOException("interrupted")))).isFalse();
    }

    @Test
    void retryRunsAgainAfterTransientFailure() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        String result = retry.call("d1", "BUILD_IMAGE", "build image", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new UncheckedIOException(new SocketException("Connection reset"));
            }
            return "sha256:1";
        });

        assertThat(result).isEqualTo("sha256:1");
        assertThat(calls).hasValue(3);
    }

    @Test
    void retryGivesUpWithAttemptsInMessage() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.call("d1", "BUILD_IMAGE", "build image 'web:1'", () -> {
            calls.incrementAndGet();
            throw new TransientFailureException("Docker engine not reachable", null);
        }))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Unable to build image 'web:1' after 3 attempts. Last failure: Docker engine not"
                        + " reachable");
        assertThat(calls).hasValue(3);
    }

    @Test
    void retryRaisesUserErrorAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        StepFailedException userError = new StepFailedException("Ref 'nope' not found");

        assertThatThrownBy(() -> retry.call("d1", "RESOLVE_COMMIT", "resolve ref 'nope'", () -> {
            calls.incrementAndGet();
            throw userError;
        })).isSameAs(userError);
        assertThat(calls).hasValue(1);
    }
}
