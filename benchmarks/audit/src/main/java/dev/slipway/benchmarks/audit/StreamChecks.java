package dev.slipway.benchmarks.audit;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.application.ReleaseRecordedEvent;
import dev.slipway.core.audit.AuditChain;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.audit.ChainVerification;
import dev.slipway.core.audit.FindAuditEventsQuery;
import dev.slipway.core.engine.EngineComponents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Checks that the bulk-written stream is the one the engine would have stored: the synthetic events equal the
 * engine's events given the same ids, the bulk writer stores the engine's events byte for byte as the engine did,
 * the chain built over them in batches has the engine's hashes, and replaying them gives the engine's read models.
 */
final class StreamChecks {

    private StreamChecks() {
    }

    /** Returns an H2 database in one file, as the quickstart's embedded store. */
    static JdbcDataSource database(Path file) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + file + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        return dataSource;
    }

    /**
     * Compares the synthetic events of the sample's applications with the events the engine stored for them, given
     * the ids, timestamps and command ids the engine picked: payload bytes, metadata and every envelope field.
     */
    static void syntheticMatchesEngine(List<DomainEventMessage<?>> engineEvents, Serializer serializer) {
        List<DomainEventMessage<?>> applicationEvents = engineEvents.stream()
                .filter(event -> "Application".equals(event.getType())).toList();
        int checked = 0;
        for (int number = 0; number * SyntheticStream.EVENTS_PER_APPLICATION < applicationEvents.size(); number++) {
            List<DomainEventMessage<?>> engine = applicationEvents.subList(
                    number * SyntheticStream.EVENTS_PER_APPLICATION,
                    (number + 1) * SyntheticStream.EVENTS_PER_APPLICATION);
            List<DomainEventMessage<?>> synthetic = SyntheticStream.application(number, valuesOf(engine));
            for (int step = 0; step < engine.size(); step++) {
                requireSame(engine.get(step), synthetic.get(step), serializer);
                checked++;
            }
        }
        if (checked == 0) {
            throw new IllegalStateException("The engine's sample contains no application events to compare."
                    + " Check that the sample created its applications.");
        }
        System.out.printf("sample: %d synthetic events equal the engine's events%n", checked);
    }

    private static SyntheticStream.EngineValues valuesOf(List<DomainEventMessage<?>> engine) {
        ReleaseRecordedEvent release = (ReleaseRecordedEvent) engine.get(engine.size() - 1).getPayload();
        return new SyntheticStream.EngineValues(ApplicationId.of(engine.get(0).getAggregateIdentifier()),
                release.release().deploymentId(), engine.stream().map(DomainEventMessage::getIdentifier).toList(),
                engine.stream().map(event -> String.valueOf(event.getMetaData().get("traceId"))).toList(),
                engine.stream().map(DomainEventMessage::getTimestamp).toList());
    }

    private static void requireSame(DomainEventMessage<?> engine, DomainEventMessage<?> synthetic,
                                    Serializer serializer) {
        byte[] enginePayload = serializer.serialize(engine.getPayload(), byte[].class).getData();
        byte[] syntheticPayload = serializer.serialize(synthetic.getPayload(), byte[].class).getData();
        boolean same = Arrays.equals(enginePayload, syntheticPayload)
                && engine.getMetaData().equals(synthetic.getMetaData())
                && engine.getIdentifier().equals(synthetic.getIdentifier())
                && engine.getAggregateIdentifier().equals(synthetic.getAggregateIdentifier())
                && engine.getSequenceNumber() == synthetic.getSequenceNumber()
                && Objects.equals(engine.getType(), synthetic.getType())
                && engine.getTimestamp().equals(synthetic.getTimestamp());
        if (!same) {
            throw new IllegalStateException("The synthetic event differs from the engine's:\n engine:    "
                    + describe(engine, enginePayload) + "\n synthetic: " + describe(synthetic, syntheticPayload));
        }
    }

    private static String describe(DomainEventMessage<?> event, byte[] payload) {
        return event.getType() + " " + event.getAggregateIdentifier() + "#" + event.getSequenceNumber() + " "
                + event.getIdentifier() + " " + event.getTimestamp() + " " + event.getMetaData() + " "
                + new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A table that the check compares row by row. */
    enum Table {
        EVENTS, CHAIN
    }

    private static final String EVENT_ROWS = "SELECT * FROM domain_event_entry ORDER BY global_index";
    private static final String CHAIN_ROWS = "SELECT position, global_index, event_identifier, hash"
            + " FROM slipway_audit_chain ORDER BY position";

    /** Requires both databases to hold the same rows in a table, compared column by column, bytes as bytes. */
    static void sameRows(DataSource expected, DataSource actual, Table table) throws SQLException {
        String query = table == Table.EVENTS ? EVENT_ROWS : CHAIN_ROWS;
        List<List<Object>> expectedRows = rows(expected, table);
        List<List<Object>> actualRows = rows(actual, table);
        if (expectedRows.size() != actualRows.size()) {
            throw new IllegalStateException(query + ": " + actualRows.size() + " rows, the engine's database has "
                    + expectedRows.size());
        }
        for (int row = 0; row < expectedRows.size(); row++) {
            if (!sameRow(expectedRows.get(row), actualRows.get(row))) {
                throw new IllegalStateException(query + ": row " + (row + 1) + " differs from the engine's: "
                        + actualRows.get(row) + " instead of " + expectedRows.get(row));
            }
        }
        System.out.printf("sample: %d rows equal the engine's (%s)%n", expectedRows.size(), query);
    }

    private static boolean sameRow(List<Object> expected, List<Object> actual) {
        for (int column = 0; column < expected.size(); column++) {
            Object left = expected.get(column);
            Object right = actual.get(column);
            boolean same = left instanceof byte[] bytes ? right instanceof byte[] other && Arrays.equals(bytes, other)
                    : Objects.equals(left, right);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static List<List<Object>> rows(DataSource dataSource, Table table) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = table == Table.EVENTS ? connection.prepareStatement(EVENT_ROWS)
                     : connection.prepareStatement(CHAIN_ROWS);
             ResultSet result = statement.executeQuery()) {
            ResultSetMetaData columns = result.getMetaData();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= columns.getColumnCount(); column++) {
                    int type = columns.getColumnType(column);
                    row.add(type == java.sql.Types.BLOB || type == java.sql.Types.VARBINARY
                            || type == java.sql.Types.BINARY ? result.getBytes(column) : result.getObject(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Requires an intact chain that covers exactly {@code events} entries. */
    static void requireIntact(ChainVerification verification, long events) {
        if (!verification.intact() || verification.entriesChecked() != events) {
            throw new IllegalStateException("Chain verification failed, expected " + events + " intact entries: "
                    + verification);
        }
    }

    /** Requires replayed read models to hold what the engine's live read models held for the sample. */
    static void sameReadModels(EngineSample sample, EngineComponents replayed) {
        List<ApplicationView> applications = sample.applications();
        for (int index = 0; index < applications.size(); index++) {
            ApplicationView expected = applications.get(index);
            FindApplicationQuery applicationQuery = new FindApplicationQuery(ApplicationId.of(expected.id()));
            ApplicationView actual = replayed.applications().handle(applicationQuery).orElse(null);
            if (!expected.equals(actual)) {
                throw new IllegalStateException("Replayed application differs from the engine's:\n engine:   "
                        + expected + "\n replayed: " + actual);
            }
            List<AuditEntry> expectedAudit = sample.auditEntries().get(index);
            FindAuditEventsQuery auditQuery = new FindAuditEventsQuery(expected.id(), 1000);
            List<AuditEntry> actualAudit = replayed.audit().handle(auditQuery);
            if (!expectedAudit.equals(actualAudit)) {
                throw new IllegalStateException("Replayed audit entries differ from the engine's:\n engine:   "
                        + expectedAudit + "\n replayed: " + actualAudit);
            }
        }
        System.out.printf("sample: replayed read models of %d applications equal the engine's%n",
                applications.size());
    }

    /** Builds the chain over the events already stored, as the engine does at its first start, and times it. */
    static long buildChain(AuditChain chain) {
        long start = System.nanoTime();
        if (!chain.initialize()) {
            throw new IllegalStateException("The audit chain found no domain_event_entry table");
        }
        return System.nanoTime() - start;
    }

    static Instant syntheticStart() {
        return Instant.parse("2026-01-01T00:00:00Z");
    }
}
