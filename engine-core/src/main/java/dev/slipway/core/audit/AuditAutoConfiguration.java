package dev.slipway.core.audit;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.autoconfigure.SlipwayAutoConfiguration;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Keeps the audit hash chain in the event store's database when the application has a data source, and exposes it
 * as an {@link AuditChain} bean for verification. Also provides {@link PointInTime} on any event store.
 */
@AutoConfiguration(afterName = {"dev.slipway.core.autoconfigure.SlipwayAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})
@ConditionalOnBean(EngineSettings.class)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PointInTime slipwayPointInTime(ObjectProvider<EventStorageEngine> eventStorage,
                                   ObjectProvider<EventStore> eventStore) {
        return new PointInTime(SlipwayAutoConfiguration.storageOrStream(eventStorage, eventStore));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(SpringDataSourceConnectionProvider.class)
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnProperty(prefix = "slipway.audit", name = "enabled", matchIfMissing = true)
    // The chain hashes the rows of the JDBC or JPA event store, which Axon Server does not use.
    @ConditionalOnExpression("!'${slipway.storage.type:jpa}'.replace('_', '-').equalsIgnoreCase('axon-server')")
    AuditChain slipwayAuditChain(DataSource dataSource, AuditProperties properties, EngineSettings settings,
                                 Clock clock) {
        Path keyFile = properties.signingKeyFile() != null ? properties.signingKeyFile()
                : settings.workDirectory().toAbsolutePath().resolveSibling("slipway-audit").resolve("signing-key.jwk");
        return new AuditChain(new SpringDataSourceConnectionProvider(dataSource), AuditSigningKey.loadOrCreate(keyFile),
                properties.checkpointInterval(), clock);
    }

    @Bean
    @ConditionalOnBean(AuditChain.class)
    ConfigurerModule slipwayAuditChainModule(AuditChain chain, AuditProperties properties) {
        return new AuditChainModule(chain, properties.failClosed());
    }
}
