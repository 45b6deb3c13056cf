package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.audit.AuditChain;
import dev.slipway.core.audit.AuditException;
import dev.slipway.core.audit.AuditSigningKey;
import dev.slipway.core.audit.ChainVerification;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.secret.InMemoryKeysetStore;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit chain of an engine built without Spring, on Axon's JDBC event store in H2 with one transaction per
 * unit of work.
 */
class DeploymentEngineAuditChainTest {

    private static final RequestContext ALICE = new RequestContext(Caller.user("alice"), "192.0.2.10", "request-1");
    private static final String EVENT_TABLE = "CREATE TABLE domain_event_entry (global_index BIGINT AUTO_INCREMENT"
            + " PRIMARY KEY, event_identifier VARCHAR(255) NOT NULL UNIQUE, meta_data BLOB, payload BLOB NOT NULL,"
            + " payload_revision VARCHAR(255), payload_type VARCHAR(255) NOT NULL, time_stamp VARCHAR(255) NOT NULL,"
            + " aggregate_identifier VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, type VARCHAR(255),"
            + " UNIQUE (aggregate_identifier, sequence_number))";
    private static final String SNAPSHOT_TABLE = "CREATE TABLE snapshot_event_entry (aggregate_identifier"
            + " VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, type VARCHAR(255) NOT NULL, event_identifier"
            + " VARCHAR(255) NOT NULL UNIQUE, meta_data BLOB, payload BLOB NOT NULL, payload_revision VARCHAR(255),"
            + " payload_type VARCHAR(255) NOT NULL, time_stamp VARCHAR(255) NOT NULL,"
            + " PRIMARY KEY (aggregate_identifier, sequence_number, type))";

    @TempDir
    Path workDirectory;

    private DeploymentEngine engine;

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void builtEngineKeepsVerifiableChain() throws Exception {
        JdbcDataSource dataSource = newDatabase();
        engine = engineWithChain(dataSource, false).start();

        createApplication("shop");
        createApplication("blog");

        ChainVerification verification = awaitChained(dataSource);
        assertThat(verification.intact()).as("verification: %s", verification).isTrue();
        assertThat(verification.entriesChecked()).isEqualTo(countEvents(dataSource));
        assertThat(verification.firstBreak()).isNull();
    }

    @Test
    void changedEventBreaksChainAtItsPosition() throws Exception {
        JdbcDataSource dataSource = newDatabase();
        engine = engineWithChain(dataSource, false).start();
        createApplication("shop");
        awaitChained(dataSource);
        long lastIndex = query(dataSource, "SELECT MAX(global_index) FROM domain_event_entry");

        update(dataSource, "UPDATE domain_event_entry SET payload_revision = 'x' WHERE global_index = " + lastIndex);

        ChainVerification verification = engine.verifyAuditChain();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBreak().globalIndex()).isEqualTo(lastIndex);
    }

    @Test
    void failClosedEngineStoresNothingOnBreak() throws Exception {
        JdbcDataSource dataSource = newDatabase();
        engine = engineWithChain(dataSource, true).start();
        createApplication("shop");
        long storedBefore = countEvents(dataSource);
        update(dataSource, "DROP TABLE slipway_audit_chain_head");

        assertThatThrownBy(() -> createApplication("blog")).isInstanceOf(RuntimeException.class);

        assertThat(countEvents(dataSource)).isEqualTo(storedBefore);
    }

    @Test
    void verifyWithoutChainNamesBuilderMethod() {
        engine = DeploymentEngine.builder()
                .sourceRepository(new UnusedSources())
                .containerRuntime(new StubContainerRuntime())
                .settings(EngineSettings.defaults(workDirectory))
                .masterKey(MasterKey.generate())
                .build()
                .start();

        assertThat(engine.auditChain()).isEmpty();
        assertThatThrownBy(() -> engine.verifyAuditChain())
                .isInstanceOf(AuditException.class)
                .hasMessageContaining("DeploymentEngine.Builder.auditChain");
    }

    /** Waits until a verification checked an entry for every stored event, and returns it. */
    private ChainVerification awaitChained(JdbcDataSource dataSource) {
        AtomicReference<ChainVerification> last = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            ChainVerification verification = engine.verifyAuditChain();
            last.set(verification);
            return verification.pendingEvents() == 0 && verification.entriesChecked() == countEvents(dataSource);
        });
        return last.get();
    }

    private DeploymentEngine engineWithChain(JdbcDataSource dataSource, boolean failClosed) {
        ConnectionProvider connections = new UnitOfWorkAwareConnectionProviderWrapper(() -> {
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            return connection;
        });
        JdbcEventStorageEngine storage = JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(DeploymentEngine.Builder.jacksonSerializer())
                .snapshotSerializer(DeploymentEngine.Builder.jacksonSerializer())
                .schema(jpaSchema())
                .build();
        AuditChain chain = new AuditChain(connections, AuditSigningKey.generate(), 2, Clock.systemUTC());
        return DeploymentEngine.builder()
                .sourceRepository(new UnusedSources())
                .containerRuntime(new StubContainerRuntime())
                .settings(EngineSettings.defaults(workDirectory))
                .eventStorageEngine(storage)
                .masterKey(MasterKey.generate())
                .keysetStore(new InMemoryKeysetStore())
                .auditChain(chain, failClosed)
                .build();
    }

    private ApplicationId createApplication(String name) {
        return engine.createApplication(ALICE, new ApplicationName(name + "-" + UUID.randomUUID().toString()
                        .substring(0, 8)),
                new SourceSpec(RepositoryUrl.parse("https://git.example.test/o/" + name + ".git"), new GitRef("main"),
                        null, null),
                new RuntimeSpec(8080, null, null));
    }

    private static JdbcDataSource newDatabase() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:chain-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        update(dataSource, EVENT_TABLE);
        update(dataSource, SNAPSHOT_TABLE);
        return dataSource;
    }

    private static long countEvents(JdbcDataSource dataSource) throws SQLException {
        return query(dataSource, "SELECT COUNT(*) FROM domain_event_entry");
    }

    private static long query(JdbcDataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void update(JdbcDataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Returns the column names that Hibernate gives Axon's JPA event entries, which the audit chain reads. */
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
}
