package dev.slipway.core.storage;

import dev.slipway.core.autoconfigure.SlipwayEventStorageAutoConfiguration;
import dev.slipway.core.secret.FileKeysetStore;
import dev.slipway.core.secret.KeysetStore;
import dev.slipway.core.secret.PostgresKeysetStore;
import dev.slipway.core.secret.SecretProperties;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.TokenStoreProperties;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration;
import org.axonframework.springboot.util.DeadLetterQueueProviderConfigurerModule;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Stores the engine's events, snapshots, tracking tokens, sagas and dead letters in the application's PostgreSQL
 * data source when {@code slipway.storage.type=postgresql}. The schema is migrated with Flyway at startup, before
 * any store uses it. These beans take the place of Axon's JPA and JDBC storage, which would otherwise store
 * payloads as large objects or leave the tables to be created by hand.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = {JpaAutoConfiguration.class,
        JpaEventStoreAutoConfiguration.class, JdbcAutoConfiguration.class,
        SlipwayEventStorageAutoConfiguration.class, AxonAutoConfiguration.class})
@ConditionalOnClass({AxonAutoConfiguration.class, Flyway.class, SpringDataSourceConnectionProvider.class})
@ConditionalOnProperty(name = "slipway.storage.type", havingValue = "postgresql")
@EnableConfigurationProperties({SlipwayStorageProperties.class, TokenStoreProperties.class})
public class SlipwayPostgresStorageAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PostgresSchemaVersion slipwayPostgresSchemaVersion(DataSource dataSource) {
        return new PostgresSchemaVersion(PostgresStorage.migrate(dataSource));
    }

    /**
     * Stores the applications' wrapped keysets in the engine's schema, so that every engine node on the database
     * reads them. Keysets that an earlier run kept in {@code slipway.secrets.key-directory} are copied over when
     * first read.
     */
    @Bean
    @ConditionalOnMissingBean
    KeysetStore slipwayPostgresKeysetStore(PostgresSchemaVersion schema, DataSource dataSource,
                                           ObjectProvider<SecretProperties> secretProperties) {
        SecretProperties properties = secretProperties.getIfAvailable();
        return new PostgresKeysetStore(dataSource,
                properties == null ? null : new FileKeysetStore(properties.keyDirectory()));
    }

    @Bean
    @ConditionalOnMissingBean
    ConnectionProvider slipwayPostgresConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    @ConditionalOnMissingBean
    PersistenceExceptionResolver slipwayPostgresDuplicateKeyResolver() {
        return new PostgresDuplicateKeyResolver();
    }

    @Bean
    @ConditionalOnMissingBean({EventStorageEngine.class, EventBus.class, EventStore.class})
    EventStorageEngine slipwayPostgresEventStorageEngine(PostgresSchemaVersion schema,
                                                         ConnectionProvider connectionProvider,
                                                         TransactionManager transactionManager,
                                                         PersistenceExceptionResolver persistenceExceptionResolver,
                                                         @Qualifier("eventSerializer") Serializer eventSerializer,
                                                         Configuration configuration) {
        return PostgresStorage.eventStorageEngine(connectionProvider, new TransactionFreeReads(transactionManager),
                        eventSerializer, AggregateSnapshots.serializer())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .build();
    }

    /**
     * Snapshots every aggregate after {@code slipway.storage.snapshot-threshold} events, with the snapshot serializer
     * that the event storage engine above uses. A threshold of 0 turns snapshots off.
     */
    @Bean
    ConfigurerModule slipwayAggregateSnapshots(SlipwayStorageProperties properties) {
        int threshold = properties.snapshotThreshold();
        return threshold == 0 ? configurer -> { } : AggregateSnapshots.every(threshold);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenStore slipwayPostgresTokenStore(PostgresSchemaVersion schema, ConnectionProvider connectionProvider,
                                         Serializer serializer, TokenStoreProperties tokenStoreProperties) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(PostgresSchemas.tokens())
                .serializer(serializer)
                .contentType(byte[].class)
                .claimTimeout(tokenStoreProperties.getClaimTimeout())
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    SagaStore<Object> slipwayPostgresSagaStore(PostgresSchemaVersion schema, ConnectionProvider connectionProvider,
                                               Serializer serializer) {
        return JdbcSagaStore.builder()
                .connectionProvider(connectionProvider)
                .sqlSchema(new PostgresSagaSqlSchema(PostgresSchemas.sagas()))
                .serializer(serializer)
                .build();
    }

    /** Gives every processing group that enables a dead-letter queue in Axon's properties a queue in PostgreSQL. */
    @Bean
    @ConditionalOnMissingBean
    DeadLetterQueueProviderConfigurerModule slipwayPostgresDeadLetterQueues(
            PostgresSchemaVersion schema, EventProcessorProperties eventProcessorProperties,
            ConnectionProvider connectionProvider, TransactionManager transactionManager, Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer) {
        return new DeadLetterQueueProviderConfigurerModule(eventProcessorProperties,
                processingGroup -> config -> JdbcSequencedDeadLetterQueue.builder()
                        .processingGroup(processingGroup)
                        .connectionProvider(connectionProvider)
                        .transactionManager(transactionManager)
                        .schema(PostgresSchemas.deadLetters())
                        .genericSerializer(serializer)
                        .eventSerializer(eventSerializer)
                        .build());
    }
}
