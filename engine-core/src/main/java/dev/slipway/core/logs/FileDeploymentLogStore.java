package dev.slipway.core.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.secret.Redactor;
import dev.slipway.core.secret.SecretVault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each deployment's log as a JSON Lines file, {@code <deployment id>.jsonl}, in the configured directory,
 * and marks an ended log with an empty {@code <deployment id>.end} file beside it.
 *
 * <p>Files keep log volume out of the event store and its database, need no schema on H2 or PostgreSQL, and
 * survive a restart of the engine. Sequence numbers are counted per deployment, so a line's sequence is its
 * position in the file. Live lines reach followers in the same lock that writes them, so a follower sees every
 * line exactly once.
 *
 * <p>NOTE: The files are local to the engine's host. Engines that share one database but not one disk each
 * see only the logs of the deployments they ran.
 */
public final class FileDeploymentLogStore implements DeploymentLogStore {

    private static final Logger log = LoggerFactory.getLogger(FileDeploymentLogStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOG_SUFFIX = ".jsonl";
    private static final String END_SUFFIX = ".end";
    private static final String TRUNCATED = "Log truncated:";
    private static final String CUT_MARK = "\u2026";

    private final LogStoreSettings settings;
    private final Clock clock;
    private final Redactor redactor;
    private final Map<DeploymentId, DeploymentLog> open = new ConcurrentHashMap<>();
    private volatile Function<DeploymentId, ApplicationId> applicationOf = deploymentId -> null;

    /**
     * Creates a store in {@code settings.directory()}, creating the folder when it is missing.
     *
     * @param redactor masks secrets in every line, or null when the engine has no secrets
     */
    public FileDeploymentLogStore(LogStoreSettings settings, Clock clock, Redactor redactor) {
        this.settings = settings;
        this.clock = clock;
        this.redactor = redactor == null ? new Redactor() : redactor;
        try {
            Files.createDirectories(settings.directory());
        } catch (IOException e) {
            throw new SlipwayException("Unable to create the deployment log folder '" + settings.directory() + "': "
                    + e.getMessage() + ". Check that the engine may write there, or set another log directory.", e);
        }
    }

    /**
     * Masks each deployment's lines with the secrets of its application only, which {@code applicationOf} names, or
     * with every secret while it returns null. A line masked with another team's secrets would let the members of the
     * deployment's team confirm a guessed value of that secret by printing it in their build.
     */
    public void maskSecretsOf(Function<DeploymentId, ApplicationId> applicationOf) {
        this.applicationOf = applicationOf;
    }

    /** Returns the settings this store was created with. */
    public LogStoreSettings settings() {
        return settings;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The limit bounds the file's size in bytes. Build and container output may fill it up to
     * {@link LogStoreSettings#maxOutputBytes()}, and the rest is kept for engine lines. An engine line that does not
     * fit whole in the room left is cut to fit and ends with an ellipsis (U+2026), and is dropped when not even the
     * ellipsis fits.
     */
    @Override
    public void append(DeploymentId deploymentId, LogSource source, String text) {
        DeploymentLog deploymentLog = open(deploymentId);
        synchronized (deploymentLog) {
            if (deploymentLog.ended || (deploymentLog.truncated && source != LogSource.ENGINE)) {
                return;
            }
            String masked = masked(deploymentId, text == null ? "" : text);
            if (source == LogSource.ENGINE) {
                appendEngineLine(deploymentLog, masked);
            } else {
                appendOutputLine(deploymentLog, source, masked);
            }
        }
    }

    private void appendOutputLine(DeploymentLog deploymentLog, LogSource source, String text) {
        LogLine line = new LogLine(deploymentLog.sequence + 1, clock.instant(), source, text);
        byte[] record = encode(line);
        if (deploymentLog.bytes + record.length <= settings.maxOutputBytes()) {
            write(deploymentLog, line, record);
            return;
        }
        deploymentLog.truncated = true;
        appendEngineLine(deploymentLog, TRUNCATED + " the build and container output reached this deployment's limit"
                + " of " + settings.maxBytesPerDeployment() + " bytes, less " + settings.engineReserveBytes()
                + " bytes kept for the engine's lines, so later output lines are not stored.");
        log.warn("deployment [{}] build and container output reached {} of the log's {} bytes, so later output lines"
                + " are dropped", deploymentLog.deploymentId, settings.maxOutputBytes(),
                settings.maxBytesPerDeployment());
    }

    private void appendEngineLine(DeploymentLog deploymentLog, String text) {
        long room = settings.maxBytesPerDeployment() - deploymentLog.bytes;
        LogLine line = new LogLine(deploymentLog.sequence + 1, clock.instant(), LogSource.ENGINE, text);
        byte[] record = encode(line);
        if (record.length > room) {
            line = cutToFit(line, room);
            if (line == null) {
                log.warn("deployment [{}] dropped an engine log line of {} characters because the log reached its"
                        + " limit of {} bytes", deploymentLog.deploymentId, text.length(),
                        settings.maxBytesPerDeployment());
                return;
            }
            record = encode(line);
        }
        write(deploymentLog, line, record);
    }

    /**
     * Returns the line with the longest start of its text, followed by an ellipsis, whose record fits in
     * {@code room} bytes, or null when not even the ellipsis alone fits. The record's size grows with the number of
     * code points kept, so a binary search finds that number.
     */
    private static LogLine cutToFit(LogLine line, long room) {
        String text = line.text();
        int low = 0;
        int high = text.codePointCount(0, text.length());
        LogLine best = null;
        while (low <= high) {
            int kept = (low + high) >>> 1;
            String cut = text.substring(0, text.offsetByCodePoints(0, kept)) + CUT_MARK;
            LogLine candidate = new LogLine(line.sequence(), line.timestamp(), line.source(), cut);
            if (encode(candidate).length <= room) {
                best = candidate;
                low = kept + 1;
            } else {
                high = kept - 1;
            }
        }
        return best;
    }

    @Override
    public void end(DeploymentId deploymentId) {
        DeploymentLog deploymentLog = open(deploymentId);
        synchronized (deploymentLog) {
            if (!deploymentLog.ended) {
                deploymentLog.ended = true;
                touch(endFile(deploymentId));
                // A listener may close its handle while it is notified, which removes it from the list.
                List<LogListener> listeners = List.copyOf(deploymentLog.listeners);
                deploymentLog.listeners.clear();
                for (LogListener listener : listeners) {
                    notifyEnded(deploymentId, listener);
                }
            }
            open.remove(deploymentId, deploymentLog);
        }
    }

    @Override
    public LogPage read(DeploymentId deploymentId, long after, int limit) {
        DeploymentLog deploymentLog = open.get(deploymentId);
        if (deploymentLog == null) {
            // Reads the files directly, so reading the logs of old deployments keeps no state in memory.
            List<LogLine> lines = readLines(deploymentId, after, limit);
            long last = lines.isEmpty() ? after : lines.get(lines.size() - 1).sequence();
            return new LogPage(lines, last, Files.exists(endFile(deploymentId)));
        }
        synchronized (deploymentLog) {
            List<LogLine> lines = readLines(deploymentId, after, limit);
            long last = lines.isEmpty() ? after : lines.get(lines.size() - 1).sequence();
            return new LogPage(lines, last, deploymentLog.ended);
        }
    }

    @Override
    public boolean isEnded(DeploymentId deploymentId) {
        DeploymentLog deploymentLog = open.get(deploymentId);
        if (deploymentLog == null) {
            return Files.exists(endFile(deploymentId));
        }
        synchronized (deploymentLog) {
            return deploymentLog.ended;
        }
    }

    @Override
    public AutoCloseable follow(DeploymentId deploymentId, long after, LogListener listener) {
        DeploymentLog deploymentLog = open(deploymentId);
        synchronized (deploymentLog) {
            for (LogLine line : readLines(deploymentId, after, Integer.MAX_VALUE)) {
                listener.line(line);
            }
            if (deploymentLog.ended) {
                listener.ended();
                return () -> { };
            }
            deploymentLog.listeners.add(listener);
        }
        return () -> {
            synchronized (deploymentLog) {
                deploymentLog.listeners.remove(listener);
            }
        };
    }

    @Override
    public int deleteExpired() {
        Instant cutoff = clock.instant().minus(settings.retention());
        int deleted = 0;
        try (Stream<Path> files = Files.list(settings.directory())) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(LOG_SUFFIX)).toList()) {
                if (deleteIfExpired(file, cutoff)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            log.warn("deployment logs: unable to list [{}] to delete expired logs: {}", settings.directory(),
                    e.toString());
        }
        if (deleted > 0) {
            log.info("deployment logs: deleted {} log(s) older than {}", deleted, settings.retention());
        }
        return deleted;
    }

    private boolean deleteIfExpired(Path file, Instant cutoff) {
        String name = file.getFileName().toString();
        DeploymentId deploymentId;
        try {
            deploymentId = DeploymentId.of(name.substring(0, name.length() - LOG_SUFFIX.length()));
        } catch (RuntimeException e) {
            return false;
        }
        DeploymentLog deploymentLog = open(deploymentId);
        synchronized (deploymentLog) {
            try {
                if (Files.getLastModifiedTime(file).toInstant().isAfter(cutoff)) {
                    return false;
                }
                Files.deleteIfExists(file);
                Files.deleteIfExists(endFile(deploymentId));
                return true;
            } catch (IOException e) {
                log.warn("deployment [{}] unable to delete its expired log [{}]: {}", deploymentId, file,
                        e.toString());
                return false;
            } finally {
                open.remove(deploymentId, deploymentLog);
            }
        }
    }

    /** Returns the deployment's state, reading its sequence, file size and end marker from disk on first use. */
    private DeploymentLog open(DeploymentId deploymentId) {
        return open.computeIfAbsent(deploymentId, id -> {
            DeploymentLog deploymentLog = new DeploymentLog(id);
            for (LogLine line : readLines(id, 0, Integer.MAX_VALUE)) {
                deploymentLog.sequence = line.sequence();
                deploymentLog.truncated |= line.source() == LogSource.ENGINE && line.text().startsWith(TRUNCATED);
            }
            deploymentLog.bytes = fileSize(id);
            deploymentLog.ended = Files.exists(endFile(id));
            return deploymentLog;
        });
    }

    private long fileSize(DeploymentId deploymentId) {
        try {
            return Files.size(logFile(deploymentId));
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to read the size of the log of deployment " + deploymentId
                    + " in '" + settings.directory() + "': " + e.getMessage() + ". Check that the engine may read"
                    + " there.", e);
        }
    }

    /** Returns the line as it is stored: one JSON object in UTF-8 followed by a line feed. */
    private static byte[] encode(LogLine line) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(new StoredLine(line.sequence(), line.timestamp().toString(),
                    line.source(), line.text()));
        } catch (JsonProcessingException e) {
            // A record of strings, a number and an enum always has a JSON form.
            throw new IllegalStateException("Unable to encode log line " + line.sequence() + " as JSON", e);
        }
        byte[] record = Arrays.copyOf(json, json.length + 1);
        record[json.length] = '\n';
        return record;
    }

    private void write(DeploymentLog deploymentLog, LogLine line, byte[] record) {
        try {
            Files.write(logFile(deploymentLog.deploymentId), record, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            log.error("deployment [{}] unable to store log line {} in [{}]", deploymentLog.deploymentId,
                    line.sequence(), settings.directory(), e);
            return;
        }
        deploymentLog.sequence = line.sequence();
        deploymentLog.bytes += record.length;
        for (LogListener listener : List.copyOf(deploymentLog.listeners)) {
            try {
                listener.line(line);
            } catch (RuntimeException e) {
                log.warn("deployment [{}] log listener failed and was removed: {}", deploymentLog.deploymentId,
                        e.toString());
                deploymentLog.listeners.remove(listener);
            }
        }
    }

    private String masked(DeploymentId deploymentId, String text) {
        ApplicationId application = applicationOf.apply(deploymentId);
        return application == null ? redactor.redact(text)
                : redactor.redact(text, SecretVault.secretsOf(application::equals));
    }

    private List<LogLine> readLines(DeploymentId deploymentId, long after, int limit) {
        List<LogLine> lines = new ArrayList<>();
        List<String> stored;
        try {
            stored = Files.readAllLines(logFile(deploymentId), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to read the log of deployment " + deploymentId + " in '"
                    + settings.directory() + "': " + e.getMessage() + ". Check that the engine may read there.", e);
        }
        for (String json : stored) {
            if (lines.size() >= limit) {
                break;
            }
            StoredLine line = parse(deploymentId, json);
            if (line != null && line.sequence() > after) {
                lines.add(new LogLine(line.sequence(), Instant.parse(line.timestamp()), line.source(),
                        masked(deploymentId, line.text())));
            }
        }
        return lines;
    }

    private static StoredLine parse(DeploymentId deploymentId, String json) {
        try {
            return JSON.readValue(json, StoredLine.class);
        } catch (JsonProcessingException e) {
            // A line cut short by a crash while it was written; the lines around it are intact.
            log.warn("deployment [{}] skipped an unreadable log line: {}", deploymentId, e.getOriginalMessage());
            return null;
        }
    }

    private static void notifyEnded(DeploymentId deploymentId, LogListener listener) {
        try {
            listener.ended();
        } catch (RuntimeException e) {
            log.warn("deployment [{}] log listener failed at the end of the log: {}", deploymentId, e.toString());
        }
    }

    private void touch(Path file) {
        try {
            Files.writeString(file, "", StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            log.error("deployment logs: unable to write the end marker [{}]", file, e);
        }
    }

    private Path logFile(DeploymentId deploymentId) {
        return settings.directory().resolve(deploymentId + LOG_SUFFIX);
    }

    private Path endFile(DeploymentId deploymentId) {
        return settings.directory().resolve(deploymentId + END_SUFFIX);
    }

    /** The JSON form of a line on disk. */
    record StoredLine(long sequence, String timestamp, LogSource source, String text) {
    }

    /** The in-memory state of a deployment whose log is open, guarded by the object's monitor. */
    private static final class DeploymentLog {

        private final DeploymentId deploymentId;
        private final List<LogListener> listeners = new ArrayList<>();
        private long sequence;
        /** The size of the log file in bytes. */
        private long bytes;
        private boolean truncated;
        private boolean ended;

        DeploymentLog(DeploymentId deploymentId) {
            this.deploymentId = deploymentId;
        }
    }
}
