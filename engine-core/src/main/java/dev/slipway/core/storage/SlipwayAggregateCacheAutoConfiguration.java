package dev.slipway.core.storage;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;

/**
 * Keeps the engine's most recently used aggregates in memory between commands, up to 1024 of them, so that a command
 * loads an aggregate from the event store only after it dropped out of the cache. Without the cache every command
 * reads the aggregate's events since its latest snapshot. Axon's {@code CachingEventSourcingRepository} removes the
 * aggregate from the cache when its unit of work rolls back, so the cache contains no state that was not stored.
 * <p>
 * It is on for a single engine process and off on a node of a cluster ({@code slipway.cluster.enabled=true}),
 * because there another node may append to an aggregate that this node holds in its cache.
 * {@code slipway.storage.aggregate-cache=false} turns it off.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
@ConditionalOnClass(AxonAutoConfiguration.class)
@ConditionalOnExpression("${slipway.storage.aggregate-cache:true} and !${slipway.cluster.enabled:false}")
public class SlipwayAggregateCacheAutoConfiguration {

    @Bean
    ConfigurerModule slipwayAggregateCache() {
        return RecentAggregatesCache::installIn;
    }
}
