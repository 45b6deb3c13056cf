package dev.slipway.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.application.ApplicationId;
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
        FileDeploymentLogStore store = store(4096, Clock.systemUTC());

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
        FileDeploymentLogStore store = store(4096, Clock.systemUTC());
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
    void sizeLimitAddsOneTruncationMarker() throws IOException {
        FileDeploymentLogStore store = store(1024, Clock.systemUTC());

        for (int i = 1; i <= 10; i++) {
            store.append(deployment, LogSource.BUILD, "build line " + i + " " + "x".repeat(100));
        }
        store.append(deployment, LogSource.CONTAINER, "also over the limit");

        List<LogLine> lines = store.read(deployment, 0, 100).lines();
        LogLine marker = lines.get(lines.size() - 1);
        assertThat(marker.source()).isEqualTo(LogSource.ENGINE);
        assertThat(marker.text()).startsWith("Log truncated:").contains("1024 bytes");
        assertThat(lines).filteredOn(line -> line.text().startsWith("Log truncated:")).hasSize(1);
        assertThat(lines).extracting(LogLine::text).doesNotContain("also over the limit");
        assertThat(lines).hasSizeLessThan(10);
        assertThat(Files.size(logFile())).isLessThanOrEqualTo(1024);
    }

    @Test
    void sizeLimitBoundsFileOfShortLines() throws IOException {
        FileDeploymentLogStore store = store(64 * 1024, Clock.systemUTC());

        for (int i = 1; i <= 20_000; i++) {
            store.append(deployment, LogSource.BUILD, Integer.toString(i));
        }

        assertThat(Files.size(logFile())).isLessThanOrEqualTo(64 * 1024);
        List<LogLine> lines = store.read(deployment, 0, Integer.MAX_VALUE).lines();
        assertThat(lines).filteredOn(line -> line.text().startsWith("Log truncated:")).hasSize(1);
        assertThat(lines.get(lines.size() - 1).text()).startsWith("Log truncated:");
    }

    @Test
    void engineLinesStoredAfterTruncation() throws IOException {
        FileDeploymentLogStore store = store(64 * 1024, Clock.systemUTC());
        for (int i = 1; i <= 20_000; i++) {
            store.append(deployment, LogSource.CONTAINER, Integer.toString(i));
        }

        store.append(deployment, LogSource.ENGINE, "Deployment failed at step HEALTH_CHECK: no answer on /health.");
        store.append(deployment, LogSource.ENGINE, "last container output line");
        store.end(deployment);

        List<LogLine> lines = store.read(deployment, 0, Integer.MAX_VALUE).lines();
        assertThat(lines.get(lines.size() - 3).text()).startsWith("Log truncated:");
        assertThat(lines.get(lines.size() - 2).source()).isEqualTo(LogSource.ENGINE);
        assertThat(lines.get(lines.size() - 2).text())
                .isEqualTo("Deployment failed at step HEALTH_CHECK: no answer on /health.");
        assertThat(lines.get(lines.size() - 1).text()).isEqualTo("last container output line");
        assertThat(Files.size(logFile())).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void engineLineOverRoomIsShortened() throws IOException {
        FileDeploymentLogStore store = store(4096, Clock.systemUTC());
        for (int i = 1; i <= 1000; i++) {
            store.append(deployment, LogSource.BUILD, Integer.toString(i));
        }

        store.append(deployment, LogSource.ENGINE, "Deployment failed at step BUILD_IMAGE: " + "\u00e9".repeat(5000));
        store.append(deployment, LogSource.ENGINE, "no room left for this line");

        List<LogLine> lines = store.read(deployment, 0, Integer.MAX_VALUE).lines();
        LogLine outcome = lines.get(lines.size() - 1);
        assertThat(outcome.source()).isEqualTo(LogSource.ENGINE);
        assertThat(outcome.text()).startsWith("Deployment failed at step BUILD_IMAGE: \u00e9").endsWith("\u2026");
        assertThat(lines).extracting(LogLine::text).doesNotContain("no room left for this line");
        assertThat(Files.size(logFile())).isLessThanOrEqualTo(4096);
        assertThat(Files.size(logFile())).isGreaterThan(4096 - 100);
    }

    @Test
    void truncationSurvivesReopening() throws IOException {
        String longLine = "a line that is far too long ".repeat(40);
        store(1024, Clock.systemUTC()).append(deployment, LogSource.BUILD, longLine);

        FileDeploymentLogStore reopened = store(1024, Clock.systemUTC());
        reopened.append(deployment, LogSource.BUILD, "short");

        List<LogLine> lines = reopened.read(deployment, 0, 100).lines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).text()).startsWith("Log truncated:");
    }

    @Test
    void sizeLimitCountsFileAfterReopening() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00.123Z"), ZoneOffset.UTC);
        DeploymentId neverReopened = DeploymentId.of(UUID.randomUUID().toString());
        FileDeploymentLogStore first = store(2048, clock);
        for (int i = 1; i <= 8; i++) {
            first.append(deployment, LogSource.BUILD, "line " + i);
            first.append(neverReopened, LogSource.BUILD, "line " + i);
        }

        FileDeploymentLogStore reopened = store(2048, clock);
        for (int i = 9; i <= 100; i++) {
            reopened.append(deployment, LogSource.BUILD, "line " + i);
            first.append(neverReopened, LogSource.BUILD, "line " + i);
        }

        List<LogLine> lines = reopened.read(deployment, 0, Integer.MAX_VALUE).lines();
        assertThat(lines).isEqualTo(first.read(neverReopened, 0, Integer.MAX_VALUE).lines());
        assertThat(lines.get(lines.size() - 1).text()).startsWith("Log truncated:");
        assertThat(Files.size(logFile())).isLessThanOrEqualTo(2048);
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
    void otherApplicationsSecretIsNotMasked() {
        ApplicationId own = ApplicationId.random();
        ApplicationId other = ApplicationId.random();
        String otherSecret = "sk_test_PLACEHOLDER_other_654";
        Redactor redactor = new Redactor();
        redactor.register(own + "/API_KEY", SECRET);
        redactor.register(other + "/API_KEY", otherSecret);
        FileDeploymentLogStore store = new FileDeploymentLogStore(
                new LogStoreSettings(directory, 4096, Duration.ofDays(14)), Clock.systemUTC(), redactor);
        store.maskSecretsOf(id -> id.equals(deployment) ? own : null);

        store.append(deployment, LogSource.BUILD, "guess " + otherSecret + " and own " + SECRET);

        assertThat(store.read(deployment, 0, 10).lines()).extracting(LogLine::text)
                .containsExactly("guess " + otherSecret + " and own ********");
    }

    @Test
    void isEndedFollowsEndAcrossReopening() {
        FileDeploymentLogStore store = store(4096, Clock.systemUTC());
        store.append(deployment, LogSource.BUILD, "a line");

        assertThat(store.isEnded(deployment)).isFalse();
        store.end(deployment);
        assertThat(store.isEnded(deployment)).isTrue();
        assertThat(store(4096, Clock.systemUTC()).isEnded(deployment)).isTrue();
        assertThat(store.isEnded(DeploymentId.of(UUID.randomUUID().toString()))).isFalse();
    }

    @Test
    void followPassesStoredThenLiveLinesThenEnd() throws Exception {
        FileDeploymentLogStore store = store(4096, Clock.systemUTC());
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
        FileDeploymentLogStore first = store(4096, Clock.systemUTC());
        first.append(deployment, LogSource.BUILD, "only line");
        first.end(deployment);
        RecordingListener listener = new RecordingListener();

        store(4096, Clock.systemUTC()).follow(deployment, 0, listener).close();

        assertThat(listener.lines).extracting(LogLine::text).containsExactly("only line");
        assertThat(listener.ended).isTrue();
    }

    @Test
    void endNotifiesListenerThatClosesItsHandle() {
        FileDeploymentLogStore store = store(4096, Clock.systemUTC());
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
        FileDeploymentLogStore store = store(4096, Clock.systemUTC());
        store.append(deployment, LogSource.BUILD, "old line");
        store.end(deployment);
        store.append(recent, LogSource.BUILD, "recent line");
        Instant fifteenDaysLater = Instant.now().plus(Duration.ofDays(15));
        touch(directory.resolve(recent + ".jsonl"), fifteenDaysLater.minus(Duration.ofDays(1)));

        FileDeploymentLogStore later = store(4096, Clock.fixed(fifteenDaysLater, ZoneOffset.UTC));
        int deleted = later.deleteExpired();

        assertThat(deleted).isEqualTo(1);
        assertThat(directory.resolve(deployment + ".jsonl")).doesNotExist();
        assertThat(directory.resolve(deployment + ".end")).doesNotExist();
        assertThat(later.read(deployment, 0, 10).lines()).isEmpty();
        assertThat(later.read(recent, 0, 10).lines()).extracting(LogLine::text).containsExactly("recent line");
    }

    private Path logFile() {
        return directory.resolve(deployment + ".jsonl");
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
