package dev.slipway.core.storage;

import dev.slipway.core.engine.ClusterSettings;
import dev.slipway.core.engine.EngineComponents;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;

/**
 * Makes an engine built without Spring one node of several on one PostgreSQL database, with what
 * {@code slipway.cluster.enabled=true} sets up under Spring Boot: the tracking tokens and sagas in the engine's
 * tables, a command gateway that sends a command again after a concurrency conflict with another node, the
 * deployment leases, and the node's heartbeats and take-over of stopped nodes. The schema must be migrated
 * ({@link PostgresStorage#migrate}) before the engine starts.
 * <p>
 * NOTE: without a transaction manager, a tracking token and the saga state that its event changed are committed
 * one after the other, so an engine that stops between the two handles that event again after the restart.
 */
public final class PostgresClusterModule implements ConfigurerModule {

    private final DataSource dataSource;
    private final ClusterSettings settings;
    private final EngineComponents components;

    /** Creates the module for one node with {@code settings}, storing in the migrated schema of {@code dataSource}. */
    public PostgresClusterModule(DataSource dataSource, ClusterSettings settings, EngineComponents components) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.components = components;
    }

    @Override
    public void configureModule(Configurer configurer) {
        ConnectionProvider connections = PostgresStorage.connectionProvider(dataSource);
        configurer.eventProcessing()
                .registerTokenStore(config -> JdbcTokenStore.builder()
                        .connectionProvider(connections)
                        .schema(PostgresSchemas.tokens())
                        .serializer(config.serializer())
                        .contentType(byte[].class)
                        .claimTimeout(settings.claimTimeout())
                        .nodeId(settings.nodeId())
                        .build())
                .registerSagaStore(config -> JdbcSagaStore.builder()
                        .connectionProvider(connections)
                        .sqlSchema(new PostgresSagaSqlSchema(PostgresSchemas.sagas()))
                        .serializer(config.serializer())
                        .build());
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slipway-command-retry-" + settings.nodeId());
            thread.setDaemon(true);
            return thread;
        });
        configurer.registerComponent(CommandGateway.class, config -> DefaultCommandGateway.builder()
                .commandBus(config.commandBus())
                .retryScheduler(new ConflictRetryScheduler(retries))
                .build());
        components.stepRunner().runAsNode(settings.nodeId(), new JdbcStepLeases(dataSource, settings.nodeId()));
        configurer.onInitialize(config -> {
            EngineNode node = new EngineNode(dataSource, settings, config, components, config.commandGateway());
            config.onStart(EngineNode.PHASE, node::start);
            config.onShutdown(EngineNode.PHASE, () -> {
                node.stop();
                retries.shutdownNow();
            });
        });
    }
}
