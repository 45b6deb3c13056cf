package dev.slipway.benchmarks.audit;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.audit.AuditChain;
import dev.slipway.core.audit.AuditSigningKey;
import dev.slipway.core.audit.ChainVerification;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.engine.EngineComponents;
import dev.slipway.core.engine.EngineComponentsFactory;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Measures, in one run on one H2 file database: replaying every event into all read models against a raw
 * sequential JDBC read of the same table, and verifying the audit chain against plain SHA-256 over the same rows.
 * It writes the ratios into its section of {@code BENCHMARKS.md}.
 *
 * <pre>
 * java -Xmx8g -jar benchmarks/audit/target/audit-benchmark.jar [events] [BENCHMARKS.md path]
 * </pre>
 */
public final class AuditBenchmark {

    static final String START_MARKER = "<!-- audit-benchmark:start -->";
    static final String END_MARKER = "<!-- audit-benchmark:end -->";

    private AuditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path report = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
        Path directory = Files.createTempDirectory("slipway-audit-benchmark");
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + directory.resolve("events") + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        JacksonSerializer serializer = DeploymentEngine.Builder.jacksonSerializer();

        long insertStart = System.nanoTime();
        new EventStreamWriter(serializer).write(dataSource, events);
        Duration insert = Duration.ofNanos(System.nanoTime() - insertStart);
        System.out.printf("stored %d events in %d ms%n", events, insert.toMillis());

        JdbcEventStorageEngine storage = JdbcEventStorageEngine.builder()
                .connectionProvider(dataSource::getConnection)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .batchSize(1000)
                .schema(jpaSchema())
                .build();
        EngineComponents components = EngineComponentsFactory.create(EngineSettings.defaults(directory.resolve("work")),
                null, null, () -> null, () -> storage, Clock.systemUTC());
        AuditChain chain = new AuditChain(dataSource::getConnection, AuditSigningKey.generate(),
                AuditChain.DEFAULT_CHECKPOINT_INTERVAL, Clock.systemUTC());
        long chainStart = System.nanoTime();
        chain.initialize();
        Duration chainBuild = Duration.ofNanos(System.nanoTime() - chainStart);

        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Measurement[] replayAndRaw = Measurement.alternating(() -> components.replayer().replay(),
                () -> rawRead(dataSource, events));
        Measurement replay = replayAndRaw[0];
        Measurement raw = replayAndRaw[1];
        Measurement[] verifyAndSha = Measurement.alternating(() -> requireIntact(chain.verify(), events),
                () -> plainSha256(dataSource, events));
        Measurement verify = verifyAndSha[0];
        Measurement sha = verifyAndSha[1];
        components.stepRunner().close();

        String section = section(events, insert, chainBuild, loadAverage, raw, replay, sha, verify);
        System.out.println(section);
        write(report, section);
    }

    /** Returns the column names that Hibernate gives Axon's JPA event entry, which the quickstart uses. */
    private static EventSchema jpaSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    private static void rawRead(JdbcDataSource dataSource, int expected) throws Exception {
        long rows = 0;
        long bytes = 0;
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setFetchSize(1000);
            try (ResultSet result = statement.executeQuery("SELECT global_index, event_identifier,"
                    + " aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision,"
                    + " payload, meta_data FROM domain_event_entry ORDER BY global_index")) {
                while (result.next()) {
                    bytes += result.getLong(1) + result.getString(2).length() + result.getString(3).length()
                            + result.getLong(4) + result.getString(5).length() + result.getString(6).length()
                            + result.getString(7).length() + result.getBytes(9).length
                            + result.getBytes(10).length;
                    rows++;
                }
            }
        }
        check(rows, expected, bytes);
    }

    private static void plainSha256(JdbcDataSource dataSource, int expected) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long rows = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT global_index, event_identifier,"
                     + " aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision,"
                     + " payload, meta_data FROM domain_event_entry ORDER BY global_index")) {
            statement.setFetchSize(1000);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    digest.reset();
                    digest.update(Long.toString(result.getLong(1)).getBytes(StandardCharsets.UTF_8));
                    for (int column = 2; column <= 8; column++) {
                        String text = result.getString(column);
                        if (text != null) {
                            digest.update(text.getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    digest.update(result.getBytes(9));
                    digest.update(result.getBytes(10));
                    digest.digest();
                    rows++;
                }
            }
        }
        check(rows, expected, rows);
    }

    private static void requireIntact(ChainVerification verification, int expected) {
        if (!verification.intact() || verification.entriesChecked() != expected) {
            throw new IllegalStateException("Chain verification failed: " + verification);
        }
    }

    private static void check(long rows, int expected, long checksum) {
        if (rows != expected || checksum < 0) {
            throw new IllegalStateException("Read " + rows + " rows, expected " + expected);
        }
    }

    private static String section(int events, Duration insert, Duration chainBuild, double loadAverage,
                                  Measurement raw, Measurement replay, Measurement sha, Measurement verify) {
        double replayRatio = raw.seconds() / replay.seconds();
        double verifyRatio = sha.seconds() / verify.seconds();
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, """
                %s
                ## Audit log: replay and chain verification

                Written by `benchmarks/audit` (`AuditBenchmark`) in one run: %,d events (applications created,
                environment variables set, releases recorded) stored in an H2 file database with Axon's event table,
                then each measurement run %d times, alternating with its baseline, and the fastest run kept.
                Java %s, %d cores, max heap %d MiB, system load average %.1f when the measurements started.
                A ratio is the throughput of the Slipway operation divided by the throughput of its baseline.

                | measurement | time | events/s | baseline | ratio | target |
                |---|---|---|---|---|---|
                | replay into all read models | %.2f s | %,.0f | raw sequential JDBC read: %.2f s | %.2f× | ≥ 0.5× |
                | audit chain verification | %.2f s | %,.0f | plain SHA-256, same rows: %.2f s | %.2f× | ≥ 0.8× |

                Setting up took %.1f s to store the events and %.1f s to build the chain over them. Rerun it from
                the repository root:

                ```sh
                mvn -q -B -pl benchmarks/audit -am install -DskipTests
                java -Xmx%dm -jar benchmarks/audit/target/audit-benchmark.jar %d BENCHMARKS.md
                ```
                %s
                """, START_MARKER, events, Measurement.RUNS, System.getProperty("java.version"),
                runtime.availableProcessors(), runtime.maxMemory() / (1024 * 1024), loadAverage, replay.seconds(),
                events / replay.seconds(), raw.seconds(),
                replayRatio, verify.seconds(), events / verify.seconds(), sha.seconds(), verifyRatio,
                insert.toMillis() / 1000.0, chainBuild.toMillis() / 1000.0, runtime.maxMemory() / (1024 * 1024), events,
                END_MARKER);
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
