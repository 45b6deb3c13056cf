package dev.slipway.core.autoconfigure;

import dev.slipway.core.storage.CoalescingEventStore;
import dev.slipway.core.storage.SlipwayPostgresStorageAutoConfiguration;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Gives the engine an in-memory event store when the application configures none (no JPA, no JDBC data source, no
 * Axon Server), so that it runs for tests and trials. Everything stored is lost when the application stops. On any
 * event storage engine, the event store is a {@link CoalescingEventStore} instead of Axon's own.
 */
@AutoConfiguration(after = {JpaEventStoreAutoConfiguration.class, JdbcAutoConfiguration.class,
        SlipwayPostgresStorageAutoConfiguration.class}, before = AxonAutoConfiguration.class)
@ConditionalOnClass(AxonAutoConfiguration.class)
public class SlipwayEventStorageAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean({EventStorageEngine.class, EventBus.class, EventStore.class})
    EventStorageEngine slipwayInMemoryEventStorageEngine() {
        LoggerFactory.getLogger(SlipwayEventStorageAutoConfiguration.class)
                .warn("no event store configured: events are kept in memory and lost when the application stops");
        return new InMemoryEventStorageEngine();
    }

    /** Stores events with the storage engine configured above or by the application, as Axon's own bean does. */
    @Bean
    @ConditionalOnBean(EventStorageEngine.class)
    @ConditionalOnMissingBean({EventBus.class, EventStore.class})
    EmbeddedEventStore eventStore(EventStorageEngine storage, Configuration configuration) {
        return CoalescingEventStore.create(storage, configuration);
    }
}
