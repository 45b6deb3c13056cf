package dev.slipway.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The data directory lock, with a second process that holds it as another server would. */
@Timeout(120)
class DataDirectoryLockTest {

    @TempDir
    Path dataDirectory;

    @Test
    void lockedDirectoryStopsServerStart() throws Exception {
        Process holder = startHolder(dataDirectory);
        try {
            assertThatThrownBy(() -> new SpringApplicationBuilder(QuickstartApplication.class)
                    .run("--server.port=0", "--slipway.data-directory=" + dataDirectory))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessage("Data directory '" + dataDirectory + "' is in use by another Slipway server: its lock"
                            + " file '" + dataDirectory.resolve(".slipway.lock") + "' is locked.");
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void killedHolderReleasesLock() throws Exception {
        Process holder = startHolder(dataDirectory);
        holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        DataDirectoryLock.acquire(dataDirectory);

        try (FileChannel channel = FileChannel.open(dataDirectory.resolve(".slipway.lock"),
                StandardOpenOption.WRITE)) {
            assertThatThrownBy(channel::tryLock).isInstanceOf(OverlappingFileLockException.class);
        }
    }

    @Test
    void missingDirectoryIsCreatedAndLocked() {
        Path missing = dataDirectory.resolve("new").resolve("data");

        DataDirectoryLock.acquire(missing);
        DataDirectoryLock.acquire(missing);

        assertThat(missing.resolve(".slipway.lock")).isRegularFile();
    }

    @Test
    void failureAnalysisNamesOtherDirectoryOption() {
        FailureAnalysis analysis = new DataDirectoryInUseFailureAnalyzer()
                .analyze(new IllegalStateException(new DataDirectoryInUseException(dataDirectory)));

        assertThat(analysis.getDescription()).contains("'" + dataDirectory + "' is in use by another Slipway server");
        assertThat(analysis.getAction()).isEqualTo("Stop the other server, or start this one with another data"
                + " directory: --slipway.data-directory=<path>. The path must be absolute or start with ./, such as"
                + " ./data2, because H2 rejects other relative paths.");
    }

    /** Starts a JVM that locks the directory, and returns once it has. */
    private static Process startHolder(Path directory) throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DataDirectoryLockHolder.class.getName(),
                directory.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8));
        String line = output.readLine();
        assertThat(line).as("first line of the lock holder").isEqualTo(DataDirectoryLockHolder.LOCKED);
        return holder;
    }
}
