package dev.slipway.core.storage;

import dev.slipway.core.SlipwayException;
import dev.slipway.core.autoconfigure.SlipwayAutoConfiguration;
import dev.slipway.core.deployment.StepLeases;
import dev.slipway.core.engine.ClusterSettings;
import dev.slipway.core.engine.EngineComponents;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * Runs the engine as one node of several on one PostgreSQL database when {@code slipway.cluster.enabled=true} and
 * {@code slipway.storage.type=postgresql}. The nodes share the deployment saga's segments, record which node runs
 * each deployment, end the deployments of a node that stopped, and retry a command that lost a race with another
 * node on the same aggregate.
 */
@AutoConfiguration(after = SlipwayPostgresStorageAutoConfiguration.class,
        before = {AxonAutoConfiguration.class, SlipwayAutoConfiguration.class})
@ConditionalOnProperty(name = "slipway.cluster.enabled", havingValue = "true")
@EnableConfigurationProperties(SlipwayClusterProperties.class)
public class SlipwayClusterAutoConfiguration {

    /** Returns the node's settings; several nodes need the shared PostgreSQL storage, so other storage fails. */
    @Bean
    ClusterSettings slipwayClusterSettings(SlipwayClusterProperties properties,
                                           ObjectProvider<PostgresSchemaVersion> schema) {
        if (schema.getIfAvailable() == null) {
            throw new SlipwayException("Invalid slipway.cluster.enabled=true: several engine nodes need storage"
                    + " that they share. Set slipway.storage.type=postgresql and point spring.datasource.url at the"
                    + " database of the cluster.");
        }
        return properties.settings();
    }

    @Bean
    @ConditionalOnMissingBean
    StepLeases slipwayStepLeases(DataSource dataSource, ClusterSettings settings) {
        return new JdbcStepLeases(dataSource, settings.nodeId());
    }

    @Bean
    SmartLifecycle slipwayEngineNode(DataSource dataSource, ClusterSettings settings, Configuration axon,
                                     EngineComponents components, CommandGateway commandGateway, StepLeases leases) {
        components.stepRunner().runAsNode(settings.nodeId(), leases);
        EngineNode node = new EngineNode(dataSource, settings, axon, components, commandGateway);
        return new SmartLifecycle() {
            @Override
            public void start() {
                node.start();
            }

            @Override
            public void stop() {
                node.stop();
            }

            @Override
            public boolean isRunning() {
                return node.isRunning();
            }

            @Override
            public int getPhase() {
                return EngineNode.PHASE;
            }
        };
    }

    /**
     * Returns Axon's command gateway with a retry of commands that fail with a concurrency conflict, which another
     * node's write to the same aggregate causes.
     */
    @Bean
    @ConditionalOnMissingBean
    CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slipway-command-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ConflictRetryScheduler(retries))
                .build();
    }
}
