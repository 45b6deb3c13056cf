package dev.slipway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.audit.ChainBreak.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tampers with the rows of Axon's JPA event table in a real H2 database through JDBC, as someone with database
 * access could, and checks that verification names the first broken position. Each test restores what it changed.
 */
@SpringBootTest(classes = AuditTestApplication.class)
@TestInstance(Lifecycle.PER_CLASS)
class AuditChainTamperTest {

    private static final int CHECKPOINT_INTERVAL = 4;

    @Autowired
    private AuditChain chain;
    @Autowired
    private CommandGateway commands;
    @Autowired
    private DataSource dataSource;

    private JdbcTemplate jdbc;
    private List<Long> globalIndexes;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        AuditTestApplication.useNewDatabase(registry);
    }

    @BeforeAll
    void storeEvents() {
        jdbc = new JdbcTemplate(dataSource);
        for (int i = 0; i < 9; i++) {
            AuditTestApplication.createApplication(commands);
        }
        globalIndexes = jdbc.queryForList("SELECT global_index FROM domain_event_entry ORDER BY global_index",
                Long.class);
        AuditTestApplication.awaitChained(chain, dataSource);
    }

    @AfterEach
    void chainIsIntactAgain() {
        assertThat(chain.verify().intact()).as("the test restored what it changed").isTrue();
    }

    @Test
    void untouchedChainIsIntact() {
        ChainVerification result = chain.verify();

        assertThat(result.intact()).isTrue();
        assertThat(result.firstBreak()).isNull();
        assertThat(result.entriesChecked()).isEqualTo(globalIndexes.size()).isEqualTo(10);
        assertThat(result.checkpointsChecked()).isEqualTo(2);
        assertThat(result.lastCheckpointPosition()).isEqualTo(8);
        assertThat(result.pendingEvents()).isZero();
    }

    @Test
    void changedPayloadByteNamesPosition() {
        long target = globalIndexes.get(2);
        byte[] original = jdbc.queryForObject("SELECT payload FROM domain_event_entry WHERE global_index = ?",
                byte[].class, target);
        byte[] changed = original.clone();
        changed[changed.length / 2] ^= 0x01;
        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", changed, target);

        ChainVerification result = chain.verify();

        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", original, target);
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBreak().kind()).isEqualTo(Kind.CHANGED);
        assertThat(result.firstBreak().position()).isEqualTo(3);
        assertThat(result.firstBreak().globalIndex()).isEqualTo(target);
        assertThat(result.entriesChecked()).isEqualTo(2);
    }

    @Test
    void changedActorNamesPosition() {
        long target = globalIndexes.get(6);
        String original = jdbc.queryForObject("SELECT meta_data FROM domain_event_entry WHERE global_index = ?",
                String.class, target);
        assertThat(original).contains("user:alice");
        jdbc.update("UPDATE domain_event_entry SET meta_data = ? WHERE global_index = ?",
                original.replace("user:alice", "user:bobby").getBytes(), target);

        ChainVerification result = chain.verify();

        jdbc.update("UPDATE domain_event_entry SET meta_data = ? WHERE global_index = ?", original.getBytes(), target);
        assertThat(result.firstBreak().kind()).isEqualTo(Kind.CHANGED);
        assertThat(result.firstBreak().position()).isEqualTo(7);
        assertThat(result.firstBreak().globalIndex()).isEqualTo(target);
    }

    @Test
    void deletedRowNamesPosition() {
        long target = globalIndexes.get(4);
        jdbc.execute("CREATE TABLE deleted_event AS SELECT * FROM domain_event_entry WHERE global_index = " + target);
        jdbc.update("DELETE FROM domain_event_entry WHERE global_index = ?", target);

        ChainVerification result = chain.verify();

        jdbc.execute("INSERT INTO domain_event_entry SELECT * FROM deleted_event");
        jdbc.execute("DROP TABLE deleted_event");
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBreak().kind()).isEqualTo(Kind.MISSING);
        assertThat(result.firstBreak().position()).isEqualTo(5);
        assertThat(result.firstBreak().globalIndex()).isEqualTo(target);
        assertThat(result.firstBreak().message()).contains("is no longer stored");
    }

    @Test
    void swappedRowsNameFirstPosition() {
        long first = globalIndexes.get(3);
        long second = globalIndexes.get(7);
        swapGlobalIndexes(first, second);

        ChainVerification result = chain.verify();

        swapGlobalIndexes(first, second);
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBreak().kind()).isEqualTo(Kind.REORDERED);
        assertThat(result.firstBreak().position()).isEqualTo(4);
        assertThat(result.firstBreak().globalIndex()).isEqualTo(first);
    }

    @Test
    void insertedRowIsUnchained() {
        long first = globalIndexes.get(0);
        jdbc.execute("CREATE TABLE copied_event AS SELECT * FROM domain_event_entry WHERE global_index = " + first);
        jdbc.update("UPDATE copied_event SET global_index = ?, event_identifier = 'forged-event',"
                + " aggregate_identifier = 'forged-aggregate', time_stamp = '2026-01-01T00:00:00Z'", first - 1);
        jdbc.execute("INSERT INTO domain_event_entry SELECT * FROM copied_event");

        ChainVerification result = chain.verify();

        jdbc.update("DELETE FROM domain_event_entry WHERE event_identifier = 'forged-event'");
        jdbc.execute("DROP TABLE copied_event");
        assertThat(result.firstBreak().kind()).isEqualTo(Kind.UNCHAINED);
        assertThat(result.firstBreak().position()).isNull();
        assertThat(result.firstBreak().globalIndex()).isEqualTo(first - 1);
        assertThat(result.entriesChecked()).isEqualTo(globalIndexes.size());
    }

    @Test
    void insertedRowStoredLatelyIsPending() {
        long first = globalIndexes.get(0);
        jdbc.execute("CREATE TABLE copied_event AS SELECT * FROM domain_event_entry WHERE global_index = " + first);
        jdbc.update("UPDATE copied_event SET global_index = ?, event_identifier = 'late-event',"
                + " aggregate_identifier = 'late-aggregate', time_stamp = ?", first - 1, Instant.now().toString());
        jdbc.execute("INSERT INTO domain_event_entry SELECT * FROM copied_event");

        ChainVerification result = chain.verify();

        jdbc.update("DELETE FROM domain_event_entry WHERE event_identifier = 'late-event'");
        jdbc.execute("DROP TABLE copied_event");
        assertThat(result.intact()).as("verification: %s", result).isTrue();
        assertThat(result.pendingEvents()).isEqualTo(1);
    }

    @Test
    void missingHeadRowIsBreak() {
        jdbc.execute("CREATE TABLE head_backup AS SELECT * FROM " + ChainTables.HEAD);
        jdbc.update("DELETE FROM " + ChainTables.HEAD);

        ChainVerification result = chain.verify();

        jdbc.execute("INSERT INTO " + ChainTables.HEAD + " SELECT * FROM head_backup");
        jdbc.execute("DROP TABLE head_backup");
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBreak().kind()).isEqualTo(Kind.HEAD_MISSING);
        assertThat(result.firstBreak().message()).contains("head row is missing");
    }

    @Test
    void rewrittenChainFailsCheckpoint() throws SQLException {
        long target = globalIndexes.get(1);
        byte[] original = jdbc.queryForObject("SELECT payload FROM domain_event_entry WHERE global_index = ?",
                byte[].class, target);
        jdbc.execute("CREATE TABLE chain_backup AS SELECT * FROM " + ChainTables.CHAIN);
        byte[] changed = original.clone();
        changed[changed.length / 2] ^= 0x01;
        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", changed, target);
        rewriteChainHashes();

        ChainVerification result = chain.verify();

        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", original, target);
        jdbc.execute("DELETE FROM " + ChainTables.CHAIN);
        jdbc.execute("INSERT INTO " + ChainTables.CHAIN + " SELECT * FROM chain_backup");
        jdbc.execute("DROP TABLE chain_backup");
        assertThat(result.firstBreak().kind()).isEqualTo(Kind.CHECKPOINT_INVALID);
        assertThat(result.firstBreak().position()).isEqualTo(CHECKPOINT_INTERVAL);
        assertThat(result.entriesChecked()).isEqualTo(CHECKPOINT_INTERVAL - 1);
    }

    @Test
    void exportedPublicKeyVerifiesChain() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            ChainVerification withEngineKey = AuditChain.verify(connection, chain.publicJwk(), CHECKPOINT_INTERVAL);
            ChainVerification withOtherKey = AuditChain.verify(connection, AuditSigningKey.generate().publicJwk(),
                    CHECKPOINT_INTERVAL);

            assertThat(withEngineKey.intact()).isTrue();
            assertThat(withEngineKey.checkpointsChecked()).isEqualTo(2);
            assertThat(withOtherKey.firstBreak().kind()).isEqualTo(Kind.CHECKPOINT_INVALID);
            assertThat(withOtherKey.firstBreak().position()).isEqualTo(CHECKPOINT_INTERVAL);
        }
        assertThat(chain.publicJwk()).contains("\"crv\":\"P-256\"").doesNotContain("\"d\"");
    }

    private void swapGlobalIndexes(long first, long second) {
        jdbc.update("UPDATE domain_event_entry SET global_index = ? WHERE global_index = ?", -1L, first);
        jdbc.update("UPDATE domain_event_entry SET global_index = ? WHERE global_index = ?", first, second);
        jdbc.update("UPDATE domain_event_entry SET global_index = ? WHERE global_index = ?", second, -1L);
    }

    /** Recomputes every chain hash from the stored rows, as someone without the signing key could. */
    private void rewriteChainHashes() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            ChainHash hashes = new ChainHash();
            byte[] previous = ChainHash.GENESIS;
            long position = 0;
            for (long globalIndex : globalIndexes) {
                StoredEvent event = jdbc.queryForObject("SELECT global_index, event_identifier, aggregate_identifier,"
                        + " sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data"
                        + " FROM domain_event_entry WHERE global_index = ?", (rows, row) -> EventTable.read(rows),
                        globalIndex);
                previous = hashes.next(previous, event);
                position++;
                jdbc.update("UPDATE " + ChainTables.CHAIN + " SET hash = ? WHERE position = ?",
                        ChainHash.hex(previous), position);
            }
            assertThat(connection.isClosed()).isFalse();
        }
    }
}
