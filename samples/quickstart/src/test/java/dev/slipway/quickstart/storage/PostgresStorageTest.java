package dev.slipway.quickstart.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.SlipwayException;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.storage.PostgresSchemas;
import dev.slipway.core.storage.PostgresStorage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's PostgreSQL schema and Axon's JDBC event storage on it, against a real PostgreSQL server. */
class PostgresStorageTest {

    private TestDatabase database;

    @BeforeEach
    void createSchema() {
        database = TestDatabase.create();
    }

    @AfterEach
    void dropSchema() {
        database.close();
    }

    @Test
    void migrateTwiceAppliesEachVersionOnce() throws SQLException {
        String first = PostgresStorage.migrate(database.dataSource());
        String second = PostgresStorage.migrate(database.dataSource());

        assertThat(first).isEqualTo("3");
        assertThat(second).isEqualTo("3");
        assertThat(strings("SELECT version FROM " + PostgresStorage.HISTORY_TABLE + " WHERE success"))
                .containsExactly("1", "2", "3");
    }

    @Test
    void migrateStoresSerializedDataAsBytea() throws SQLException {
        PostgresStorage.migrate(database.dataSource());

        List<String> binaryColumns = strings("SELECT table_name || '.' || column_name || ':' || data_type"
                + " FROM information_schema.columns WHERE table_schema = '" + database.schema() + "'"
                + " AND column_name IN ('payload', 'meta_data', 'token', 'serialized_saga', 'diagnostics')");
        assertThat(binaryColumns).hasSize(10).allSatisfy(column -> assertThat(column).endsWith(":bytea"));
        assertThat(strings("SELECT column_name FROM information_schema.columns WHERE table_schema = '"
                + database.schema() + "' AND data_type = 'oid'")).isEmpty();
    }

    @Test
    void migrateCreatesIndexesOfAxonTuningGuide() throws SQLException {
        PostgresStorage.migrate(database.dataSource());

        List<String> indexes = strings("SELECT tablename || ':' || indexdef FROM pg_indexes WHERE schemaname = '"
                + database.schema() + "'").stream().map(index -> index.replace(database.schema() + ".", ""))
                .toList();
        assertThat(indexes).anyMatch(index -> index.startsWith("domain_event_entry:CREATE UNIQUE INDEX")
                && index.endsWith("(aggregate_identifier, sequence_number)"));
        assertThat(indexes).anyMatch(index -> index.startsWith("domain_event_entry:CREATE UNIQUE INDEX")
                && index.endsWith("(event_identifier)"));
        assertThat(indexes).anyMatch(index -> index.startsWith("snapshot_event_entry:CREATE UNIQUE INDEX")
                && index.endsWith("(aggregate_identifier, sequence_number)"));
        assertThat(indexes).anyMatch(index -> index.startsWith("snapshot_event_entry:CREATE UNIQUE INDEX")
                && index.endsWith("(event_identifier)"));
        assertThat(indexes).anyMatch(index -> index.startsWith("association_value_entry:CREATE INDEX")
                && index.endsWith("(saga_type, association_key, association_value)"));
        assertThat(indexes).anyMatch(index -> index.startsWith("association_value_entry:CREATE INDEX")
                && index.endsWith("(saga_id, saga_type)"));
        assertThat(indexes).anyMatch(index -> index.startsWith("token_entry:CREATE UNIQUE INDEX")
                && index.endsWith("(processor_name, segment)"));
    }

    @Test
    void appendThenReadReturnsSamePayloads() {
        JdbcEventStorageEngine engine = migratedEngine();

        engine.appendEvents(event("app-1", 0, "created"), event("app-1", 1, "renamed"));

        List<Object> payloads = engine.readEvents("app-1").asStream().map(DomainEventMessage::getPayload)
                .collect(Collectors.toList());
        assertThat(payloads).containsExactly("created", "renamed");
    }

    @Test
    void appendOfTakenSequenceNumberIsConcurrencyConflict() {
        JdbcEventStorageEngine engine = migratedEngine();
        engine.appendEvents(event("app-2", 0, "created"), event("app-2", 1, "first writer"));

        assertThatThrownBy(() -> engine.appendEvents(event("app-2", 1, "second writer")))
                .isInstanceOf(ConcurrencyException.class);
        assertThatThrownBy(() -> engine.appendEvents(event("app-2", 0, "created again")))
                .isInstanceOf(AggregateStreamCreationException.class);
        List<Object> payloads = engine.readEvents("app-2").asStream().map(DomainEventMessage::getPayload)
                .collect(Collectors.toList());
        assertThat(payloads).containsExactly("created", "first writer");
    }

    @Test
    void deadLetterQueueKeepsFailedEventWithCause() {
        PostgresStorage.migrate(database.dataSource());
        JacksonSerializer serializer = DeploymentEngine.Builder.jacksonSerializer();
        JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = JdbcSequencedDeadLetterQueue.builder()
                .processingGroup("read-models")
                .connectionProvider(PostgresStorage.connectionProvider(database.dataSource()))
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(PostgresSchemas.deadLetters())
                .genericSerializer(serializer)
                .eventSerializer(serializer)
                .build();
        EventMessage<String> event = event("app-3", 0, "created");

        queue.enqueue("app-3", new GenericDeadLetter<>("app-3", event,
                new IllegalStateException("read model full")));

        assertThat(queue.contains("app-3")).isTrue();
        DeadLetter<? extends EventMessage<?>> letter = queue.deadLetterSequence("app-3").iterator().next();
        assertThat(letter.message().getPayload()).isEqualTo("created");
        assertThat(letter.cause())
                .hasValueSatisfying(cause -> assertThat(cause.message()).isEqualTo("read model full"));
    }

    @Test
    void migrateOnH2IsRejectedNamingDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:not-postgres");

        assertThatThrownBy(() -> PostgresStorage.migrate(h2))
                .isInstanceOf(SlipwayException.class)
                .hasMessageContaining("'H2'")
                .hasMessageContaining("jdbc:postgresql://");
    }

    private JdbcEventStorageEngine migratedEngine() {
        PostgresStorage.migrate(database.dataSource());
        ConnectionProvider connections = PostgresStorage.connectionProvider(database.dataSource());
        JacksonSerializer serializer = DeploymentEngine.Builder.jacksonSerializer();
        return PostgresStorage.eventStorageEngine(connections, NoTransactionManager.INSTANCE, serializer, serializer)
                .build();
    }

    private static DomainEventMessage<String> event(String aggregateId, long sequence, String payload) {
        return new GenericDomainEventMessage<>("Application", aggregateId, sequence, payload);
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
