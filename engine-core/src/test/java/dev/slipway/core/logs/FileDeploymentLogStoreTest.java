package dev.slipway.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.secret.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeploymentLogStoreTest {

    private static final String SECRET = "sk_test_PLACEHOLDER_987";

    @TempDir
    Path directory;

    private final DeploymentId deployment = DeploymentId.of(UUID.randomUUID().toString());

    @Test
    void appendStoresLinesInSequenceWithSource() {
        FileDeploymentLogStore store = store(1024, Clock.systemUTC());

        store.append(deployment, LogSource.BUILD, "Step 1/3 : FROM busybox:stable");
        store.append(deployment, LogSource.BUILD, "build line two");
        store.append(deployment, LogSource.CONTAINER, "listening on 8080");

        LogPage page = store.read(deployment, 0, 10);
        assertThat(page.lines()).extracting(LogLine::sequence).containsExactly(1L, 2L, 3L);
        assertThat(page.lines()).extracting(LogLine::source)
                .containsExactly(LogSource.BUILD, LogSource.BUILD, LogSource.CONTAINER);
        assertThat(page.lines()).extracting(LogLine::text)
                .containsExactly("Step 1/3 : FROM busybox:stable", "build line two", "listening on 8080");
        assertThat(page.lastSequence()).isEqualTo(3);
        assertThat(page.ended()).isFalse();
    }

    @Test
    void readPagesBySequence() {
        FileDeploymentLogStore store = store(1024, Clock.systemUTC());
        for (int i = 1; i <= 5; i++) {
            store.append(deployment, LogSource.BUILD, "line " + i);
        }

        LogPage first = store.read(deployment, 0, 2);
        LogPage second = store.read(deployment, first.lastSequence(), 2);
        LogPage last = store.read(deployment, 5, 2);

        assertThat(first.lines()).extracting(LogLine::text).containsExactly("line 1", "line 2");
        assertThat(second.lines()).extracting(LogLine::text).containsExactly("line 3", "line 4");
        assertThat(last.lines()).isEmpty();
        assertThat(last.lastSequence()).isEqualTo(5);
    }

    @Test
    void sizeLimitAddsOneTruncationMarker() {
        FileDeploymentLogStore store = store(20, Clock.systemUTC());

        store.append(deployment, LogSource.BUILD, "0123456789");
        store.append(deployment, LogSource.BUILD, "0123456789");
        store.append(deployment, LogSource.BUILD, "over the limit");
        store.append(deployment, LogSource.CONTAINER, "also over the limit");

        List<LogLine> lines = store.read(deployment, 0, 100).lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2).source()).isEqualTo(LogSource.ENGINE);
        assertThat(lines.get(2).text()).startsWith("Log truncated:").contains("20 bytes");
        assertThat(lines).extracting(LogLine::text).doesNotContain("over the limit", "also over the limit");
    }

    @Test
    void truncationSurvivesReopening() {
        store(20, Clock.systemUTC()).append(deployment, LogSource.BUILD, "a line that is far too long");

        FileDeploymentLogStore reopened = store(20, Clock.systemUTC());
        reopened.append(deployment, LogSource.BUILD, "short");

        List<LogLine> lines = reopened.read(deployment, 0, 100).lines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).text()).startsWith("Log truncated:");
    }

    @Test
    void secretIsMaskedOnDiskAndWhenRead() throws Exception {
        Redactor redactor = new Redactor();
        redactor.register(SECRET);
        FileDeploymentLogStore store = new FileDeploymentLogStore(
                new LogStoreSettings(directory, 4096, Duration.ofDays(14)), Clock.systemUTC(), redactor);
        String encoded = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));

        store.append(deployment, LogSource.CONTAINER, "starting with key " + SECRET);
        store.append(deployment, LogSource.CONTAINER, encoded);

        assertThat(store.read(deployment, 0, 10).lines()).extracting(LogLine::text)
                .containsExactly("starting with key ********", "********");
        String file = Files.readString(directory.resolve(deployment + ".jsonl"));
        assertThat(file).doesNotContain(SECRET).doesNotContain(encoded);
    }

    @Test
    void isEndedFollowsEndAcrossReopening() {
        FileDeploymentLogStore store = store(1024, Clock.systemUTC());
        store.append(deployment, LogSource.BUILD, "a line");

        assertThat(store.isEnded(deployment)).isFalse();
        store.end(deployment);
        assertThat(store.isEnded(deployment)).isTrue();
        assertThat(store(1024, Clock.systemUTC()).isEnded(deployment)).isTrue();
        assertThat(store.isEnded(DeploymentId.of(UUID.randomUUID().toString()))).isFalse();
    }

    @Test
    void followPassesStoredThenLiveLinesThenEnd() throws Exception {
        FileDeploymentLogStore store = store(1024, Clock.systemUTC());
        store.append(deployment, LogSource.BUILD, "stored 1");
        store.append(deployment, LogSource.BUILD, "stored 2");
        RecordingListener listener = new RecordingListener();

        try (AutoCloseable handle = store.follow(deployment, 1, listener)) {
            store.append(deployment, LogSource.CONTAINER, "live 3");
            store.end(deployment);
            store.append(deployment, LogSource.CONTAINER, "after the end");
        }

        assertThat(listener.lines).extracting(LogLine::text).containsExactly("stored 2", "live 3");
        assertThat(listener.ended).isTrue();
        assertThat(store.read(deployment, 0, 10).ended()).isTrue();
        assertThat(store.read(deployment, 0, 10).lines()).hasSize(3);
    }

    @Test
    void followOfEndedLogEndsAfterStoredLines() throws Exception {
        FileDeploymentLogStore first = store(1024, Clock.systemUTC());
        first.append(deployment, LogSource.BUILD, "only line");
        first.end(deployment);
        RecordingListener listener = new RecordingListener();

        store(1024, Clock.systemUTC()).follow(deployment, 0, listener).close();

        assertThat(listener.lines).extracting(LogLine::text).containsExactly("only line");
        assertThat(listener.ended).isTrue();
    }

    @Test
    void endNotifiesListenerThatClosesItsHandle() {
        FileDeploymentLogStore store = store(1024, Clock.systemUTC());
        RecordingListener other = new RecordingListener();
        AutoCloseable[] handle = new AutoCloseable[1];
        RecordingListener closing = new RecordingListener() {
            @Override
            public void ended() {
                super.ended();
                try {
                    handle[0].close();
                } catch (Exception e) {
                    throw new AssertionError("closing the handle failed", e);
                }
            }
        };
        handle[0] = store.follow(deployment, 0, closing);
        store.follow(deployment, 0, other);

        store.end(deployment);

        assertThat(closing.ended).isTrue();
        assertThat(other.ended).isTrue();
    }

    @Test
    void deleteExpiredRemovesOnlyLogsOlderThanRetention() {
        DeploymentId recent = DeploymentId.of(UUID.randomUUID().toString());
        FileDeploymentLogStore store = store(1024, Clock.systemUTC());
        store.append(deployment, LogSource.BUILD, "old line");
        store.end(deployment);
        store.append(recent, LogSource.BUILD, "recent line");
        Instant fifteenDaysLater = Instant.now().plus(Duration.ofDays(15));
        touch(directory.resolve(recent + ".jsonl"), fifteenDaysLater.minus(Duration.ofDays(1)));

        FileDeploymentLogStore later = store(1024, Clock.fixed(fifteenDaysLater, ZoneOffset.UTC));
        int deleted = later.deleteExpired();

        assertThat(deleted).isEqualTo(1);
        assertThat(directory.resolve(deployment + ".jsonl")).doesNotExist();
        assertThat(directory.resolve(deployment + ".end")).doesNotExist();
        assertThat(later.read(deployment, 0, 10).lines()).isEmpty();
        assertThat(later.read(recent, 0, 10).lines()).extracting(LogLine::text).containsExactly("recent line");
    }

    private FileDeploymentLogStore store(long maxBytes, Clock clock) {
        return new FileDeploymentLogStore(new LogStoreSettings(directory, maxBytes, Duration.ofDays(14)), clock,
                null);
    }

    private static void touch(Path file, Instant time) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(time));
        } catch (IOException e) {
            throw new AssertionError("unable to set the modification time of " + file, e);
        }
    }

    private static class RecordingListener implements LogListener {

        private final List<LogLine> lines = new ArrayList<>();
        private boolean ended;

        @Override
        public void line(LogLine line) {
            lines.add(line);
        }

        @Override
        public void ended() {
            ended = true;
        }
    }
}
