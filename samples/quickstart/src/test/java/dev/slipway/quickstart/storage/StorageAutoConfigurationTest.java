package dev.slipway.quickstart.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.audit.AuditChain;
import dev.slipway.core.autoconfigure.SlipwayEnvironmentDefaults;
import dev.slipway.core.autoconfigure.SlipwayEventStorageAutoConfiguration;
import dev.slipway.core.secret.KeysetStore;
import dev.slipway.core.secret.PostgresKeysetStore;
import dev.slipway.core.storage.CoalescingEventStore;
import dev.slipway.core.storage.PostgresSchemaVersion;
import dev.slipway.core.storage.SlipwayPostgresStorageAutoConfiguration;
import dev.slipway.core.storage.StorageEnvironmentPostProcessor;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonServerAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonServerBusAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration;
import org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration;
import org.axonframework.springboot.autoconfig.InfraConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration;
import org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration;
import org.axonframework.springboot.autoconfig.TransactionAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The storage switch {@code slipway.storage.type}: PostgreSQL stores on a migrated schema, the embedded default left
 * to Axon, and Axon Server through its connector. Axon Server itself cannot run here, so that case checks the beans
 * and leaves the connector trying to reach a closed loopback port.
 */
class StorageAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(context -> {
                new StorageEnvironmentPostProcessor().postProcessEnvironment(context.getEnvironment(), null);
                new SlipwayEnvironmentDefaults().postProcessEnvironment(context.getEnvironment(), null);
            })
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, JacksonAutoConfiguration.class,
                    AxonAutoConfiguration.class, EventProcessingAutoConfiguration.class, InfraConfiguration.class,
                    ObjectMapperAutoConfiguration.class, TransactionAutoConfiguration.class,
                    NoOpTransactionAutoConfiguration.class, JdbcAutoConfiguration.class,
                    AxonServerAutoConfiguration.class, AxonServerBusAutoConfiguration.class,
                    AxonTracingAutoConfiguration.class,
                    SlipwayEventStorageAutoConfiguration.class, SlipwayPostgresStorageAutoConfiguration.class));

    @Test
    void postgresqlTypeUsesJdbcStoresOnMigratedSchema() {
        try (TestDatabase database = TestDatabase.create()) {
            runner.withPropertyValues("slipway.storage.type=postgresql", "spring.datasource.url=" + database.url(),
                            "spring.datasource.username=" + database.user(),
                            "spring.datasource.password=" + database.password())
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(PostgresSchemaVersion.class).version()).isEqualTo("3");
                        assertThat(context.getBean(KeysetStore.class)).isInstanceOf(PostgresKeysetStore.class);
                        assertThat(context.getBean(EventStorageEngine.class))
                                .isInstanceOf(JdbcEventStorageEngine.class);
                        assertThat(context.getBean(EventStore.class)).isInstanceOf(CoalescingEventStore.class);
                        assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
                        assertThat(context.getBean(SagaStore.class)).isInstanceOf(JdbcSagaStore.class);
                        assertThat(context).doesNotHaveBean(AxonServerConnectionManager.class);
                    });
        }
    }

    @Test
    void postgresqlTypeOnH2FailsNamingDatabase() {
        runner.withPropertyValues("slipway.storage.type=postgresql", "spring.datasource.url=jdbc:h2:mem:storage-h2")
                .run(context -> assertThat(context).getFailure()
                        .rootCause().hasMessageContaining("'H2'").hasMessageContaining("jdbc:postgresql://"));
    }

    @Test
    void embeddedTypeLeavesStorageToAxon() {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:storage-embedded")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(PostgresSchemaVersion.class);
                    assertThat(context).doesNotHaveBean(AxonServerConnectionManager.class);
                    assertThat(context.getBean(EventStore.class)).isInstanceOf(CoalescingEventStore.class);
                });
    }

    @Test
    void axonServerTypeUsesConnectorInsteadOfDatabase() {
        try (TestDatabase database = TestDatabase.create()) {
            runner.withPropertyValues("slipway.storage.type=axon-server", "axon.axonserver.servers=127.0.0.1:1",
                            "spring.datasource.url=" + database.url(),
                            "spring.datasource.username=" + database.user(),
                            "spring.datasource.password=" + database.password())
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context).hasSingleBean(AxonServerConnectionManager.class);
                        assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
                        assertThat(context).doesNotHaveBean(PostgresSchemaVersion.class);
                        assertThat(context).doesNotHaveBean(EventStorageEngine.class);
                        assertThat(context).doesNotHaveBean(AuditChain.class);
                    });
        }
    }
}
