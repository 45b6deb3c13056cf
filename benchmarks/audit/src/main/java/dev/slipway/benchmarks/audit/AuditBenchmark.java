package dev.slipway.benchmarks.audit;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.audit.AuditChain;
import dev.slipway.core.audit.AuditSigningKey;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.engine.EngineComponents;
import dev.slipway.core.engine.EngineComponentsFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Measures, in one run on one H2 file database: replaying every event into all read models against a raw
 * sequential JDBC read of the same table, and verifying the audit chain against plain SHA-256 over the same rows.
 * It writes the ratios into its section of {@code BENCHMARKS.md}.
 *
 * <pre>
 * java -Xmx4g -jar benchmarks/audit/target/audit-benchmark.jar [events] [BENCHMARKS.md path]
 * </pre>
 */
public final class AuditBenchmark {

    static final String START_MARKER = "<!-- audit-benchmark:start -->";
    static final String END_MARKER = "<!-- audit-benchmark:end -->";
    /** Applications the started engine creates for the check of the bulk path. */
    static final int SAMPLE_APPLICATIONS = 25;
    /** Events the replay reads from the store per query, as the benchmark builds Axon's JDBC storage engine. */
    static final int REPLAY_BATCH = 1000;
    /** Events per query of the verifier's event reads. The plain SHA-256 baseline reads pages of the same size. */
    static final int VERIFY_PAGE = 1000;
    /** Minimum replay throughput as a fraction of the raw read's. */
    static final double REPLAY_TARGET = 0.5;
    /** Minimum verification throughput as a fraction of plain SHA-256's. */
    static final double VERIFY_TARGET = 0.8;

    private AuditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
        Path directory = Files.createTempDirectory("slipway-audit-benchmark");
        try {
            run(events, report, directory);
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void run(int events, Path report, Path directory) throws Exception {
        JacksonSerializer serializer = DeploymentEngine.Builder.jacksonSerializer();

        EngineSample sample = EngineSample.record(directory, SAMPLE_APPLICATIONS);
        List<DomainEventMessage<?>> engineEvents = sample.storedEvents();
        checkBulkPath(sample, engineEvents, serializer, directory);
        if (events < engineEvents.size()) {
            throw new IllegalArgumentException("Store at least " + engineEvents.size() + " events");
        }

        JdbcDataSource dataSource = StreamChecks.database(directory.resolve("events"));
        EventStreamWriter.createTables(dataSource);
        long insertStart = System.nanoTime();
        Iterator<DomainEventMessage<?>> synthetic = SyntheticStream.events(SAMPLE_APPLICATIONS,
                events - engineEvents.size(), StreamChecks.syntheticStart());
        long stored = EventStreamWriter.write(dataSource, serializer, concat(engineEvents.iterator(), synthetic));
        Duration insert = Duration.ofNanos(System.nanoTime() - insertStart);
        System.out.printf("stored %d events in %d ms%n", stored, insert.toMillis());

        AuditChain chain = new AuditChain(dataSource::getConnection, AuditSigningKey.generate(),
                AuditChain.DEFAULT_CHECKPOINT_INTERVAL, Clock.systemUTC());
        Duration chainBuild = Duration.ofNanos(StreamChecks.buildChain(chain));
        System.out.printf("built the chain over %d events in %d ms%n", stored, chainBuild.toMillis());
        EngineComponents components = components(dataSource, directory.resolve("work"), serializer);

        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Measurement[] replayAndRaw = Measurement.alternating(() -> components.replayer().replay(),
                () -> rawRead(dataSource, events));
        Measurement replay = replayAndRaw[0];
        Measurement raw = replayAndRaw[1];
        StreamChecks.sameReadModels(sample, components);
        long heapUsed = heapUsedAfterGc();
        Measurement[] verifyAndSha = Measurement.alternating(
                () -> StreamChecks.requireIntact(chain.verify(), events), () -> plainSha256(dataSource, events));
        Measurement verify = verifyAndSha[0];
        Measurement sha = verifyAndSha[1];
        double loadAverageAtEnd = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        components.stepRunner().close();

        String section = section(events, insert, chainBuild, new Load(loadAverage, loadAverageAtEnd), heapUsed, raw,
                replay, sha, verify);
        System.out.println(section);
        write(report, section);
    }

    /**
     * Checks the bulk path on the engine's own sample. The synthetic events must equal the engine's, and the bulk
     * writer must store the engine's events byte for byte as the engine did. The chain built over them must have the
     * engine's hashes and verify, and a replay must give the engine's read models.
     */
    private static void checkBulkPath(EngineSample sample, List<DomainEventMessage<?>> engineEvents,
                                      JacksonSerializer serializer, Path directory) throws Exception {
        StreamChecks.syntheticMatchesEngine(engineEvents, serializer);
        JdbcDataSource copy = StreamChecks.database(directory.resolve("copy"));
        EventStreamWriter.createTables(copy);
        EventStreamWriter.write(copy, serializer, engineEvents.iterator());
        StreamChecks.sameRows(sample.dataSource(), copy, StreamChecks.Table.EVENTS);
        AuditChain copyChain = new AuditChain(copy::getConnection, AuditSigningKey.generate(),
                AuditChain.DEFAULT_CHECKPOINT_INTERVAL, Clock.systemUTC());
        StreamChecks.buildChain(copyChain);
        StreamChecks.sameRows(sample.dataSource(), copy, StreamChecks.Table.CHAIN);
        StreamChecks.requireIntact(copyChain.verify(), engineEvents.size());
        EngineComponents replayed = components(copy, directory.resolve("copy-work"), serializer);
        try {
            replayed.replayer().replay();
            StreamChecks.sameReadModels(sample, replayed);
        } finally {
            replayed.stepRunner().close();
        }
    }

    private static EngineComponents components(JdbcDataSource dataSource, Path work, JacksonSerializer serializer) {
        JdbcEventStorageEngine storage = EventStreamWriter.storage(dataSource::getConnection, serializer,
                REPLAY_BATCH);
        return EngineComponentsFactory.create(EngineSettings.defaults(work), null, null, () -> null, () -> storage,
                Clock.systemUTC());
    }

    private static <T> Iterator<T> concat(Iterator<? extends T> first, Iterator<? extends T> second) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return first.hasNext() || second.hasNext();
            }

            @Override
            public T next() {
                return first.hasNext() ? first.next() : second.next();
            }
        };
    }

    /** Deletes the benchmark's databases, which take about 1.5 GB at a million events. */
    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The system load average when the measurements started and when they ended. */
    private record Load(double start, double end) {
    }

    /**
     * Reads every row in pages of {@link #REPLAY_BATCH} by global index, each page on a connection of its own, as the
     * replay's storage engine queries them, with the payload and metadata read as BLOBs. H2 keeps the temporary
     * copies of a result's BLOBs until the connection closes, so one connection for all pages would leave their
     * removal to the next timed run.
     */
    private static void rawRead(JdbcDataSource dataSource, int expected) throws Exception {
        long rows = 0;
        long bytes = 0;
        long after = Long.MIN_VALUE;
        int pageRows;
        do {
            pageRows = 0;
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement statement = connection.prepareStatement("SELECT global_index, event_identifier,"
                         + " aggregate_identifier, sequence_number, type, time_stamp, payload_type,"
                         + " payload_revision, payload, meta_data FROM domain_event_entry WHERE global_index > ?"
                         + " ORDER BY global_index LIMIT ?")) {
                statement.setLong(1, after);
                statement.setInt(2, REPLAY_BATCH);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        after = result.getLong(1);
                        bytes += after + result.getString(2).length() + result.getString(3).length()
                                + result.getLong(4) + result.getString(5).length() + result.getString(6).length()
                                + result.getString(7).length() + result.getBytes(9).length
                                + result.getBytes(10).length;
                        pageRows++;
                    }
                }
            }
            rows += pageRows;
        } while (pageRows == REPLAY_BATCH);
        check(rows, expected, bytes);
    }

    /**
     * Hashes every row with SHA-256, reading the rows as the verifier does: in pages of {@link #VERIFY_PAGE} by global
     * index, with the payload and metadata read as binary strings, which H2 does not copy into temporary LOB storage.
     */
    private static void plainSha256(JdbcDataSource dataSource, int expected) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long rows = 0;
        long after = Long.MIN_VALUE;
        int pageRows;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT global_index, event_identifier,"
                     + " aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision,"
                     + " CAST(payload AS VARBINARY), CAST(meta_data AS VARBINARY) FROM domain_event_entry"
                     + " WHERE global_index > ? ORDER BY global_index LIMIT ?")) {
            do {
                statement.setLong(1, after);
                statement.setInt(2, VERIFY_PAGE);
                pageRows = 0;
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        after = result.getLong(1);
                        digest.reset();
                        digest.update(Long.toString(after).getBytes(StandardCharsets.UTF_8));
                        for (int column = 2; column <= 8; column++) {
                            String text = result.getString(column);
                            if (text != null) {
                                digest.update(text.getBytes(StandardCharsets.UTF_8));
                            }
                        }
                        digest.update(result.getBytes(9));
                        digest.update(result.getBytes(10));
                        digest.digest();
                        pageRows++;
                    }
                }
                rows += pageRows;
            } while (pageRows == VERIFY_PAGE);
        }
        check(rows, expected, rows);
    }

    private static void check(long rows, int expected, long checksum) {
        if (rows != expected || checksum < 0) {
            throw new IllegalStateException("Read " + rows + " rows, expected " + expected);
        }
    }

    private static String section(int events, Duration insert, Duration chainBuild, Load load, long heapUsed,
                                  Measurement raw, Measurement replay, Measurement sha, Measurement verify) {
        Runtime runtime = Runtime.getRuntime();
        long maxHeap = runtime.maxMemory() / (1024 * 1024);
        return String.format(Locale.ROOT, """
                %s
                ## Audit log: replay and chain verification

                Written by `benchmarks/audit` (`AuditBenchmark`) in one run on %s: %,d events in an H2 file
                database with Axon's event table, each measurement run %d times alternating with its baseline, the
                fastest run of each kept. Java %s, %d cores shared with other work (system load average %.1f when
                the measurements started, %.1f when they ended), max heap %,d MiB; %,d MiB of heap in use after
                the replay, with the read models of all events held. A ratio is the baseline's time divided by
                Slipway's.

                | measurement | time | events/s | baseline | ratio | target | met |
                |---|---:|---:|---|---:|---:|---|
                %s
                %s

                The replay reads through Axon's JDBC storage engine, %,d events per query on a connection of its
                own, and its baseline reads the same columns in pages of the same size by global index, each page on
                a connection of its own. Both read the payload and metadata as H2 BLOBs. H2 copies them into
                temporary LOB storage and removes the copies after the connection closes, so each read pays for its
                own copies. The verifier reads the events in pages of %,d with the payload and metadata cast to
                VARBINARY, which H2 returns without copying them into temporary LOB storage, and the SHA-256
                baseline reads the same pages the same way.

                The events: a started engine first handles the commands of %d applications (create, set two
                environment variables, record a release; one server registered at start), with the audit chain
                appended in each command's transaction. The benchmark checks that its bulk path gives exactly what
                that engine stored: the synthetic events equal the engine's given the same ids, Axon's JDBC storage
                engine writing the engine's events %,d at a time stores the same rows byte for byte, the chain
                built over them in batches by the engine's own code has the same hashes and verifies, and a replay
                gives the same read models. The large store then holds the engine's events followed by the synthetic
                events of further applications (50 callers, each application in its caller's personal team).
                Storing the events took %.1f s and building the chain %.1f s. Every timed verification must
                report an intact chain of all %,d entries, and after the timed replays the read models of the
                engine's applications must equal the engine's.

                Rerun it from the repository root:

                ```sh
                mvn -q -B -pl benchmarks/audit -am install -DskipTests
                java -Xmx%dm -jar benchmarks/audit/target/audit-benchmark.jar %d BENCHMARKS.md
                ```
                %s
                """, START_MARKER, LocalDate.now(ZoneOffset.UTC), events, Measurement.RUNS,
                System.getProperty("java.version"), runtime.availableProcessors(), load.start(), load.end(), maxHeap,
                heapUsed / (1024 * 1024),
                row("replay into all read models", replay, "raw sequential JDBC read of the same rows", raw, events,
                        REPLAY_TARGET),
                row("audit chain verification", verify, "plain SHA-256 over the same rows", sha, events,
                        VERIFY_TARGET),
                REPLAY_BATCH, VERIFY_PAGE, SAMPLE_APPLICATIONS, EventStreamWriter.BATCH,
                insert.toMillis() / 1000.0, chainBuild.toMillis() / 1000.0, events, maxHeap, events, END_MARKER);
    }

    /** Returns a table row: Slipway's time and rate, the baseline's time, the ratio and whether it meets the target. */
    private static String row(String name, Measurement slipway, String baselineName, Measurement baseline, int events,
                              double target) {
        double ratio = baseline.seconds() / slipway.seconds();
        return String.format(Locale.ROOT, "| %s | %.2f s | %,.0f | %s: %.2f s | %.2f× | ≥ %.1f× | %s |", name,
                slipway.seconds(), events / slipway.seconds(), baselineName, baseline.seconds(), ratio, target,
                ratio >= target ? "yes" : "no");
    }

    /** Replaces this benchmark's section of the report, or appends it, leaving other sections as they are. */
    private static void write(Path report, String section) throws Exception {
        String existing = Files.exists(report) ? Files.readString(report) : "# Benchmarks\n\n";
        int start = existing.indexOf(START_MARKER);
        int end = existing.indexOf(END_MARKER);
        String updated;
        if (start >= 0 && end > start) {
            updated = existing.substring(0, start) + section.strip() + existing.substring(end + END_MARKER.length());
        } else {
            updated = existing.stripTrailing() + "\n\n" + section;
        }
        Files.writeString(report, updated);
        System.out.println("wrote " + report.toAbsolutePath());
    }
}
