package dev.slipway.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.engine.DeploymentEngine;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The transactions that reads and writes of the JDBC event storage engine get under Spring. */
class TransactionFreeReadsTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final TransactionFreeReads reads = new TransactionFreeReads(() -> {
        calls.add("start");
        return new Transaction() {
            @Override
            public void commit() {
                calls.add("commit");
            }

            @Override
            public void rollback() {
                calls.add("rollback");
            }
        };
    });

    @Test
    void readOutsideTransactionStartsNone() {
        assertThat(reads.fetchInTransaction(() -> "rows")).isEqualTo("rows");

        assertThat(calls).isEmpty();
    }

    @Test
    void readInUnitOfWorkUsesTransaction() {
        DefaultUnitOfWork.startAndGet(null).execute(() -> reads.fetchInTransaction(() -> "rows"));

        assertThat(calls).containsExactly("start", "commit");
    }

    @Test
    void readInSpringTransactionUsesTransaction() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:transaction-free-reads;DB_CLOSE_DELAY=-1");

        new TransactionTemplate(new DataSourceTransactionManager(h2))
                .executeWithoutResult(status -> reads.fetchInTransaction(() -> "rows"));

        assertThat(calls).containsExactly("start", "commit");
    }

    @Test
    void writeRunsInTransaction() {
        reads.executeInTransaction(() -> calls.add("write"));

        assertThat(calls).containsExactly("start", "write", "commit");
    }

    @Test
    void postgresReadSeesCommittedEvents() {
        try (PostgresTestSchema schema = PostgresTestSchema.create()) {
            // The data source, connections and transactions that the engine's PostgreSQL storage gets under Spring.
            DataSource dataSource = schema.dataSource();
            TransactionManager transactions = new SpringTransactionManager(
                    new DataSourceTransactionManager(dataSource));
            JacksonSerializer serializer = DeploymentEngine.Builder.jacksonSerializer();
            EventStorageEngine storage = PostgresStorage.eventStorageEngine(
                    new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource)),
                    new TransactionFreeReads(transactions), serializer, serializer).build();
            transactions.executeInTransaction(() -> storage.appendEvents(
                    new GenericDomainEventMessage<>("Test", "aggregate-1", 0, "first"),
                    new GenericDomainEventMessage<>("Test", "aggregate-1", 1, "second")));

            List<Object> payloads = storage.readEvents(null, false).map(TrackedEventMessage::getPayload)
                    .collect(Collectors.toList());

            assertThat(payloads).containsExactly("first", "second");
            assertThat(storage.readEvents("aggregate-1").asStream().count()).isEqualTo(2);
        }
    }
}
