package dev.slipway.benchmarks.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.Serializer;

/**
 * Stores events in Axon's event table with Axon's own JDBC storage engine, as the engine stores them, but many
 * thousands in one JDBC batch and one transaction instead of one command's events at a time.
 */
final class EventStreamWriter {

    /** Events stored in one JDBC batch and one transaction. */
    static final int BATCH = 10_000;

    private static final String EVENT_TABLE = "CREATE TABLE IF NOT EXISTS domain_event_entry (global_index BIGINT"
            + " AUTO_INCREMENT PRIMARY KEY, event_identifier VARCHAR(255) NOT NULL UNIQUE, meta_data BLOB,"
            + " payload BLOB NOT NULL, payload_revision VARCHAR(255), payload_type VARCHAR(255) NOT NULL,"
            + " time_stamp VARCHAR(255) NOT NULL, aggregate_identifier VARCHAR(255) NOT NULL,"
            + " sequence_number BIGINT NOT NULL, type VARCHAR(255), UNIQUE (aggregate_identifier, sequence_number))";
    private static final String SNAPSHOT_TABLE = "CREATE TABLE IF NOT EXISTS snapshot_event_entry"
            + " (aggregate_identifier VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, type VARCHAR(255)"
            + " NOT NULL, event_identifier VARCHAR(255) NOT NULL UNIQUE, meta_data BLOB, payload BLOB NOT NULL,"
            + " payload_revision VARCHAR(255), payload_type VARCHAR(255) NOT NULL, time_stamp VARCHAR(255) NOT NULL,"
            + " PRIMARY KEY (aggregate_identifier, sequence_number, type))";

    private EventStreamWriter() {
    }

    /** Creates the event and snapshot tables with the columns Hibernate gives Axon's JPA entries. */
    static void createTables(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(EVENT_TABLE);
            statement.execute(SNAPSHOT_TABLE);
        }
    }

    /**
     * Returns the connections of a storage engine that writes each unit of work in one transaction, as the engine
     * built without Spring does.
     */
    static ConnectionProvider transactional(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(() -> {
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            return connection;
        });
    }

    /** Returns Axon's JDBC storage engine on the event table, with the engine's serializer. */
    static JdbcEventStorageEngine storage(ConnectionProvider connections, Serializer serializer, int batchSize) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .batchSize(batchSize)
                .schema(jpaSchema())
                .build();
    }

    /** Stores every event, {@link #BATCH} at a time, and returns how many were stored. */
    static long write(DataSource dataSource, Serializer serializer, Iterator<? extends DomainEventMessage<?>> events) {
        JdbcEventStorageEngine storage = storage(transactional(dataSource), serializer, BATCH);
        long written = 0;
        List<DomainEventMessage<?>> batch = new ArrayList<>(BATCH);
        while (events.hasNext()) {
            batch.add(events.next());
            if (batch.size() == BATCH || !events.hasNext()) {
                DefaultUnitOfWork.startAndGet(null).execute(() -> storage.appendEvents(batch));
                written += batch.size();
                batch.clear();
            }
        }
        return written;
    }

    /** Returns the column names that Hibernate gives Axon's JPA event entry, which the quickstart uses. */
    static EventSchema jpaSchema() {
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
