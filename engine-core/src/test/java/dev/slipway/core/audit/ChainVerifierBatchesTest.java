package dev.slipway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.audit.ChainBreak.Kind;
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
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Verifies a chain long enough to span two of the verifier's pages of entries and many of its hashing batches, in a
 * real H2 database. A break late in the chain, a checkpoint break and two breaks in different batches are each
 * reported at the first broken position.
 */
class ChainVerifierBatchesTest {

    private static final int EVENTS = 12_000;
    private static final int CHECKPOINT_INTERVAL = 100;

    private JdbcTemplate jdbc;
    private AuditChain chain;

    @BeforeEach
    void storeEvents() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:chain-batches-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE domain_event_entry (global_index BIGINT AUTO_INCREMENT PRIMARY KEY,"
                        + " event_identifier VARCHAR(255) NOT NULL UNIQUE, meta_data BLOB, payload BLOB NOT NULL,"
                        + " payload_revision VARCHAR(255), payload_type VARCHAR(255) NOT NULL,"
                        + " time_stamp VARCHAR(255) NOT NULL, aggregate_identifier VARCHAR(255) NOT NULL,"
                        + " sequence_number BIGINT NOT NULL, type VARCHAR(255))");
            }
            insertEvents(connection);
        }
        jdbc = new JdbcTemplate(dataSource);
        chain = new AuditChain(dataSource::getConnection, AuditSigningKey.generate(), CHECKPOINT_INTERVAL,
                Clock.systemUTC());
        assertThat(chain.initialize()).isTrue();
    }

    @Test
    void longIntactChainChecksEveryEntryAndCheckpoint() {
        ChainVerification result = chain.verify();

        assertThat(result.intact()).isTrue();
        assertThat(result.firstBreak()).isNull();
        assertThat(result.entriesChecked()).isEqualTo(EVENTS);
        assertThat(result.checkpointsChecked()).isEqualTo(EVENTS / CHECKPOINT_INTERVAL);
        assertThat(result.lastCheckpointPosition()).isEqualTo(EVENTS);
    }

    @Test
    void changedPayloadLateInChainNamesPosition() {
        changePayload(10_700);

        ChainVerification result = chain.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBreak().kind()).isEqualTo(Kind.CHANGED);
        assertThat(result.firstBreak().position()).isEqualTo(10_700);
        assertThat(result.entriesChecked()).isEqualTo(10_699);
        assertThat(result.checkpointsChecked()).isEqualTo(106);
        assertThat(result.lastCheckpointPosition()).isEqualTo(10_600);
    }

    @Test
    void changeBeforeLaterDeletionNamesChange() {
        changePayload(2_500);
        jdbc.update("DELETE FROM domain_event_entry WHERE global_index = ?", 11_900);

        ChainVerification result = chain.verify();

        assertThat(result.firstBreak().kind()).isEqualTo(Kind.CHANGED);
        assertThat(result.firstBreak().position()).isEqualTo(2_500);
        assertThat(result.entriesChecked()).isEqualTo(2_499);
    }

    @Test
    void deletionBeforeLaterChangeNamesDeletion() {
        jdbc.update("DELETE FROM domain_event_entry WHERE global_index = ?", 10_300);
        changePayload(11_000);

        ChainVerification result = chain.verify();

        assertThat(result.firstBreak().kind()).isEqualTo(Kind.MISSING);
        assertThat(result.firstBreak().position()).isEqualTo(10_300);
        assertThat(result.entriesChecked()).isEqualTo(10_299);
        assertThat(result.checkpointsChecked()).isEqualTo(102);
    }

    @Test
    void swappedCheckpointNamesPosition() {
        String earlier = jdbc.queryForObject("SELECT jws FROM " + ChainTables.CHECKPOINTS + " WHERE position = ?",
                String.class, 1_000);
        jdbc.update("UPDATE " + ChainTables.CHECKPOINTS + " SET jws = ? WHERE position = ?", earlier, 2_000);

        ChainVerification result = chain.verify();

        assertThat(result.firstBreak().kind()).isEqualTo(Kind.CHECKPOINT_INVALID);
        assertThat(result.firstBreak().position()).isEqualTo(2_000);
        assertThat(result.entriesChecked()).isEqualTo(1_999);
        assertThat(result.checkpointsChecked()).isEqualTo(19);
        assertThat(result.lastCheckpointPosition()).isEqualTo(1_900);
    }

    private void changePayload(long globalIndex) {
        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?",
                "{\"changed\":true}".getBytes(StandardCharsets.UTF_8), globalIndex);
    }

    private static void insertEvents(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry"
                + " (event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp,"
                + " aggregate_identifier, sequence_number, type) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < EVENTS; i++) {
                insert.setString(1, "event-" + i);
                insert.setBytes(2, ("{\"slipway.caller\":\"user:alice\",\"n\":" + i + "}")
                        .getBytes(StandardCharsets.UTF_8));
                insert.setBytes(3, ("{\"value\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                insert.setString(4, "dev.slipway.Example");
                insert.setString(5, "2026-01-01T00:00:00Z");
                insert.setString(6, "aggregate-" + (i % 20));
                insert.setLong(7, i / 20);
                insert.setString(8, "Example");
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
