package dev.slipway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starts the chain on a database that already stores events, as on the first start after an upgrade. */
class AuditChainStartTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    @BeforeEach
    void storeEventsWithoutChain() throws SQLException {
        dataSource.setURL("jdbc:h2:mem:chain-start-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE domain_event_entry (global_index BIGINT PRIMARY KEY,"
                    + " event_identifier VARCHAR(255) NOT NULL UNIQUE, meta_data BLOB, payload BLOB NOT NULL,"
                    + " payload_revision VARCHAR(255), payload_type VARCHAR(255) NOT NULL,"
                    + " time_stamp VARCHAR(255) NOT NULL, aggregate_identifier VARCHAR(255) NOT NULL,"
                    + " sequence_number BIGINT NOT NULL, type VARCHAR(255))");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry VALUES"
                    + " (?, ?, ?, ?, NULL, 'dev.example.Event', '2026-01-01T00:00:00Z', 'aggregate-1', ?,"
                    + " 'Example')")) {
                for (int i = 1; i <= 5; i++) {
                    insert.setLong(1, i * 10L);
                    insert.setString(2, "event-" + i);
                    insert.setBytes(3, "{\"slipway.actor\":\"engine\"}".getBytes(StandardCharsets.UTF_8));
                    insert.setBytes(4, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                    insert.setLong(5, i - 1);
                    insert.executeUpdate();
                }
            }
        }
    }

    @Test
    void initializeChainsStoredEventsOnce() {
        AuditSigningKey key = AuditSigningKey.generate();
        AuditChain chain = new AuditChain(dataSource::getConnection, key, 2, Clock.systemUTC());

        assertThat(chain.initialize()).isTrue();
        ChainVerification first = chain.verify();
        AuditChain restarted = new AuditChain(dataSource::getConnection, key, 2, Clock.systemUTC());
        assertThat(restarted.initialize()).isTrue();
        ChainVerification afterRestart = restarted.verify();

        assertThat(first.intact()).isTrue();
        assertThat(first.entriesChecked()).isEqualTo(5);
        assertThat(first.checkpointsChecked()).isEqualTo(2);
        assertThat(first.lastCheckpointPosition()).isEqualTo(4);
        assertThat(afterRestart).isEqualTo(first);
    }

    @Test
    void initializeWithoutEventTableKeepsNoChain() {
        JdbcDataSource empty = new JdbcDataSource();
        empty.setURL("jdbc:h2:mem:no-events-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        AuditChain chain = new AuditChain(empty::getConnection, AuditSigningKey.generate(), 2, Clock.systemUTC());

        assertThat(chain.initialize()).isFalse();
        assertThat(catchThrowable(chain::verify))
                .isInstanceOf(AuditException.class).hasMessageContaining("not kept");
    }
}
