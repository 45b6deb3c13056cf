package dev.slipway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Audit chain appends from two engines on one database, and after a rolled-back append. */
class AuditChainWritersTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final AuditSigningKey key = AuditSigningKey.generate();
    private long nextIndex = 1;

    @BeforeEach
    void createEventTable() throws SQLException {
        dataSource.setURL("jdbc:h2:mem:chain-writers-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE domain_event_entry (global_index BIGINT PRIMARY KEY,"
                    + " event_identifier VARCHAR(255) NOT NULL UNIQUE, meta_data BLOB, payload BLOB NOT NULL,"
                    + " payload_revision VARCHAR(255), payload_type VARCHAR(255) NOT NULL,"
                    + " time_stamp VARCHAR(255) NOT NULL, aggregate_identifier VARCHAR(255) NOT NULL,"
                    + " sequence_number BIGINT NOT NULL, type VARCHAR(255))");
        }
    }

    @Test
    void twoEnginesFormOneChain() throws SQLException {
        AuditChain first = startChain(dataSource::getConnection);
        AuditChain second = startChain(dataSource::getConnection);

        for (int i = 0; i < 3; i++) {
            try (Connection connection = dataSource.getConnection()) {
                first.append(storeEvent(connection));
                second.append(storeEvent(connection));
            }
        }

        ChainVerification result = first.verify();
        assertThat(result.intact()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(6);
        assertThat(result.checkpointsChecked()).isEqualTo(3);
    }

    @Test
    void appendAfterRollbackContinuesChain() throws SQLException {
        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            AuditChain chain = startChain(() -> unclosable(transaction));
            transaction.commit();
            chain.append(storeEvent(transaction));
            transaction.commit();

            chain.append(storeEvent(transaction));
            transaction.rollback();
            chain.append(storeEvent(transaction));
            chain.append(storeEvent(transaction));
            transaction.commit();

            ChainVerification result = chain.verify();
            assertThat(result.intact()).isTrue();
            assertThat(result.entriesChecked()).isEqualTo(3);
        }
    }

    private AuditChain startChain(ConnectionProvider connections) {
        AuditChain chain = new AuditChain(connections, key, 2, Clock.systemUTC());
        assertThat(chain.initialize()).isTrue();
        return chain;
    }

    private String storeEvent(Connection connection) throws SQLException {
        long index = nextIndex++;
        String identifier = "event-" + index;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry VALUES"
                + " (?, ?, ?, ?, NULL, 'dev.example.Event', '2026-01-01T00:00:00Z', 'aggregate-1', ?, 'Example')")) {
            insert.setLong(1, index);
            insert.setString(2, identifier);
            insert.setBytes(3, "{\"slipway.actor\":\"engine\"}".getBytes(StandardCharsets.UTF_8));
            insert.setBytes(4, ("{\"n\":" + index + "}").getBytes(StandardCharsets.UTF_8));
            insert.setLong(5, index - 1);
            insert.executeUpdate();
        }
        return identifier;
    }

    /** Hands out the test's transaction as the unit of work's connection: closing it leaves the transaction open. */
    private static Connection unclosable(Connection transaction) {
        return (Connection) Proxy.newProxyInstance(AuditChainWritersTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, arguments) -> "close".equals(method.getName())
                        ? null : method.invoke(transaction, arguments));
    }
}
