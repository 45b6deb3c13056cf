package dev.slipway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.storage.PostgresTestSchema;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Audit chain appends on PostgreSQL, where the database computes each entry's hash, checked with the verifier that
 * recomputes the hashes in Java.
 */
class AuditChainPostgresTest {

    private final AuditSigningKey key = AuditSigningKey.generate();
    /** The open transaction of the calling thread, which the chain appends in as inside a unit of work. */
    private final ThreadLocal<Connection> transaction = new ThreadLocal<>();
    private PostgresTestSchema schema;
    private DataSource dataSource;

    @BeforeEach
    void createSchema() {
        schema = PostgresTestSchema.create();
        dataSource = schema.dataSource();
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Test
    void appendsVerifyWithJavaHashes() throws SQLException {
        AuditChain chain = startChain();

        try (Connection connection = dataSource.getConnection()) {
            chain.append(storeEvent(connection, "{\"n\":1}", "{\"slipway.actor\":\"engine\"}", null));
            chain.append(storeEvent(connection, "{\"name\":\"Ünïcødé ✓\"}", null, "2"));
            chain.append(storeEvent(connection, "{}", "{}", ""));
        }

        ChainVerification result = chain.verify();
        assertThat(result.intact()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(3);
        assertThat(result.checkpointsChecked()).isEqualTo(1);
    }

    @Test
    void changedPayloadBreaksChain() throws SQLException {
        AuditChain chain = startChain();
        String changed;
        try (Connection connection = dataSource.getConnection()) {
            chain.append(storeEvent(connection, "{\"n\":1}", "{}", null));
            changed = storeEvent(connection, "{\"n\":2}", "{}", null);
            chain.append(changed);
            chain.append(storeEvent(connection, "{\"n\":3}", "{}", null));
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE domain_event_entry SET payload = ? WHERE event_identifier = ?")) {
                update.setBytes(1, "{\"n\":20}".getBytes(StandardCharsets.UTF_8));
                update.setString(2, changed);
                update.executeUpdate();
            }
        }

        ChainVerification result = chain.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBreak().kind()).isEqualTo(ChainBreak.Kind.CHANGED);
        assertThat(result.firstBreak().eventIdentifier()).isEqualTo(changed);
    }

    @Test
    void concurrentWritersFormOneChain() throws Exception {
        AuditChain first = startChain();
        AuditChain second = startChain();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (AuditChain chain : List.of(first, second)) {
                results.add(writers.submit(appendInTransactions(chain, 25)));
            }
            for (Future<Void> result : results) {
                result.get();
            }
        } finally {
            writers.shutdownNow();
        }

        ChainVerification result = first.verify();
        assertThat(result.intact()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(50);
        assertThat(result.checkpointsChecked()).isEqualTo(25);
    }

    @Test
    void rolledBackAppendLeavesNoGap() throws SQLException {
        AuditChain chain = startChain();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            transaction.set(connection);
            chain.append(storeEvent(connection, "{\"n\":1}", "{}", null));
            connection.commit();
            chain.append(storeEvent(connection, "{\"n\":2}", "{}", null));
            connection.rollback();
            chain.append(storeEvent(connection, "{\"n\":3}", "{}", null));
            connection.commit();
        } finally {
            transaction.remove();
        }

        ChainVerification result = chain.verify();
        assertThat(result.intact()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(2);
    }

    @Test
    void appendOfUnknownEventFails() {
        AuditChain chain = startChain();

        assertThatThrownBy(() -> chain.append("no-such-event"))
                .isInstanceOf(AuditException.class)
                .hasMessageContaining("no-such-event")
                .hasMessageContaining("not in domain_event_entry");
    }

    private AuditChain startChain() {
        AuditChain chain = new AuditChain(this::connection, key, 2, Clock.systemUTC());
        assertThat(chain.initialize()).isTrue();
        return chain;
    }

    /** Stores and chains {@code count} events, each in a transaction of its own, as engine commands do. */
    private Callable<Void> appendInTransactions(AuditChain chain, int count) {
        return () -> {
            for (int i = 0; i < count; i++) {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    transaction.set(connection);
                    chain.append(storeEvent(connection, "{\"n\":" + i + "}", "{}", null));
                    connection.commit();
                } finally {
                    transaction.remove();
                }
            }
            return null;
        };
    }

    /** Returns the thread's open transaction, which closing leaves open, or else a connection of its own. */
    private Connection connection() throws SQLException {
        Connection open = transaction.get();
        if (open == null) {
            return dataSource.getConnection();
        }
        return (Connection) Proxy.newProxyInstance(AuditChainPostgresTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, arguments) -> "close".equals(method.getName())
                        ? null : method.invoke(open, arguments));
    }

    private static String storeEvent(Connection connection, String payload, String metaData, String revision)
            throws SQLException {
        String identifier = UUID.randomUUID().toString();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry"
                + " (aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,"
                + " payload_revision, payload_type, time_stamp) VALUES (?, 0, 'Example', ?, ?, ?, ?,"
                + " 'dev.example.Event', '2026-01-01T00:00:00.123Z')")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, identifier);
            insert.setBytes(3, metaData == null ? null : metaData.getBytes(StandardCharsets.UTF_8));
            insert.setBytes(4, payload.getBytes(StandardCharsets.UTF_8));
            insert.setString(5, revision);
            insert.executeUpdate();
        }
        return identifier;
    }
}
