package dev.slipway.core.engine;

import dev.slipway.core.access.AccessDenials;
import dev.slipway.core.access.AccessRules;
import dev.slipway.core.access.CallerRequiredInterceptor;
import dev.slipway.core.access.CommandAuthorizationInterceptor;
import dev.slipway.core.access.QueryAuthorizationInterceptor;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.Application;
import dev.slipway.core.application.ApplicationCreatedUpcaster;
import dev.slipway.core.application.ApplicationNames;
import dev.slipway.core.deployment.ApplicationRemoval;
import dev.slipway.core.deployment.Deployment;
import dev.slipway.core.deployment.DeploymentSaga;
import dev.slipway.core.deployment.DeploymentStepRunner;
import dev.slipway.core.deployment.DomainRoutes;
import dev.slipway.core.policy.ContainerPolicies;
import dev.slipway.core.policy.ContainerPolicy;
import dev.slipway.core.policy.ContainerPolicyInterceptor;
import dev.slipway.core.readmodel.AppliedSequences;
import dev.slipway.core.readmodel.EventStoreReplayer;
import dev.slipway.core.readmodel.HandledEvents;
import dev.slipway.core.readmodel.LiveReactions;
import dev.slipway.core.readmodel.LiveReadModels;
import dev.slipway.core.readmodel.ReadModel;
import dev.slipway.core.secret.LogRedaction;
import dev.slipway.core.secret.SecretCleanup;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.server.Server;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.core.team.Team;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.CommandTargetResolver;
public final class SlipwayAxonModule implements ConfigurerModule {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final EngineComponents components;
    private final ClusterSettings cluster;
    /** The sequence numbers that a cluster node's read models applied, or null for a single engine process. */
    private final AppliedSequences sequences;

    public SlipwayAxonModule(EngineComponents components) {
        this(components, null);
    }

    /**
     * Creates the module for one node of several on a shared event store, or for a single engine process when
     * {@code cluster} is null. A node splits the deployment saga's processor into the cluster's segments, and
     * feeds its read models from the shared event store with a tracking processor whose token stays in memory.
     */
    public SlipwayAxonModule(EngineComponents components, ClusterSettings cluster) {
        this.components = components;
        this.cluster = cluster;
        this.sequences = cluster != null && components.replayer() instanceof EventStoreReplayer
                ? new AppliedSequences() : null;
    }

    /**
     * Returns the providers that copy the request context of a message (caller, client address, correlation id, user
     * agent, causation id, token scope and team) onto every message sent while handling it. The plain-Java builder
     * installs them with the configurer, and under Spring Boot they are beans.
     */
    public static List<CorrelationDataProvider> correlationDataProviders() {
        return List.of(new SimpleCorrelationDataProvider(RequestContext.ACTOR, RequestContext.CLIENT_ADDRESS,
                RequestContext.CORRELATION_ID, RequestContext.ENGINE_ORIGIN, RequestContext.USER_AGENT,
                RequestContext.CAUSATION_ID, RequestContext.SCOPE, RequestContext.TEAM, DeploymentStepRunner.NODE_ID),
                new MessageOriginProvider());
    }

    /**
     * Creates Axon's in-memory deadline manager, which limits the time of each deployment step, on a daemon thread.
     * Axon's default thread keeps the JVM of an embedding application running when the engine closes while a step
     * runs.
     */
    public static DeadlineManager deadlineManager(Configuration config, TransactionManager transactionManager) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slipway-step-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        return SimpleDeadlineManager.builder()
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(config))
                .transactionManager(transactionManager)
                .scheduledExecutorService(scheduler)
                .build();
    }

    /**
     * Returns the container policies of the components, unless they hold the default and an Axon component of type
     * {@link ContainerPolicy} was registered, which then binds every team.
     */
    private ContainerPolicies policies(Configuration config) {
        if (!ContainerPolicies.DEFAULT.equals(components.policies())) {
            return components.policies();
        }
        ContainerPolicy policy = config.getComponent(ContainerPolicy.class, () -> ContainerPolicy.DEFAULT);
        return new ContainerPolicies(new ContainerPolicies.Rules(policy, false), Map.of());
    }

    @Override
    public void configureModule(Configurer configurer) {
        if (LogRedaction.logsThroughLogback()) {
            // Only then is Logback, an optional dependency, on the class path to load the filter's class.
            MissingAggregateLogFilter.install();
        }
        configurer.registerEventUpcaster(config -> new ApplicationCreatedUpcaster());
        configurer.configureAggregate(Application.class)
                .configureAggregate(Deployment.class)
                .configureAggregate(Server.class)
                .configureAggregate(Team.class)
                .registerComponent(CommandTargetResolver.class, config -> new CachingCommandTargetResolver())
                .registerComponent(SourcePolicy.class, config -> components.settings().sourcePolicy())
                .registerComponent(ApplicationNames.class, config -> components.names())
                .registerComponent(SecretVault.class, config -> components.stepRunner().secretVault())
                .registerComponent(DeploymentStepRunner.class, config -> components.stepRunner());
        for (ReadModel readModel : components.readModels()) {
            configurer.registerQueryHandler(config -> readModel);
        }
        configurer.registerEventHandler(config -> components.logs());
        configurer.registerEventHandler(config -> new SecretCleanup(components.stepRunner().secretVault(),
                components.stepRunner()::secretFiles));
        configurer.registerEventHandler(config -> new ApplicationRemoval(components.deployments(),
                components.stepRunner(), config::commandGateway));
        configurer.registerEventHandler(config -> new DomainRoutes(components.applications(),
                components.deployments(), components.stepRunner()));
        configurer.eventProcessing()
                .registerSubscribingEventProcessor(LiveReactions.PROCESSING_GROUP,
                        config -> handledEvents(config, LiveReactions.PROCESSING_GROUP))
                .registerSaga(DeploymentSaga.class);
        if (cluster != null) {
            registerClusterNode(configurer);
        }
        configurer.onInitialize(config -> {
            // Axon starts its subscribing processors in the same phase.
            LiveReadModels readModels = new LiveReadModels(components.readModels(), components.gate(), config);
            if (sequences != null) {
                readModels.orderBy(sequences, () -> config.getComponent(EventStorageEngine.class));
            }
            config.onStart(Phase.LOCAL_MESSAGE_HANDLER_REGISTRATIONS, () -> readModels.subscribeTo(config.eventBus()));
            config.onShutdown(Phase.LOCAL_MESSAGE_HANDLER_REGISTRATIONS, readModels::unsubscribe);
            AccessDenials denials = new AccessDenials(config::eventBus);
            config.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, denials::close);
            config.onStart(Phase.LOCAL_MESSAGE_HANDLER_REGISTRATIONS, () -> {
                AccessRules rules = components.accessRules();
                config.commandBus().registerHandlerInterceptor(
                        new SlowCommandWarning(SlowCommandWarning.DEFAULT_LIMIT));
                config.commandBus().registerHandlerInterceptor(new CallerRequiredInterceptor());
                config.commandBus().registerHandlerInterceptor(
                        new CommandAuthorizationInterceptor(rules, denials, components.gate()));
                // First, so that a query waits for a running replay before anything reads a read model.
                config.queryBus().registerHandlerInterceptor(components.gate());
                config.queryBus().registerHandlerInterceptor(new QueryAuthorizationInterceptor(rules, denials));
                config.commandBus().registerHandlerInterceptor(new ContainerPolicyInterceptor(policies(config)));
            });
            config.onStart(Phase.INSTRUCTION_COMPONENTS + 1,
                    () -> EngineStartup.run(config, components, STARTUP_TIMEOUT, cluster));
            // Spring stops Axon before it closes beans, so the worker pool closes here, while the command bus still
            // records the failures of the steps it interrupts. After DeploymentEngine.close() this does nothing.
            config.onShutdown(Phase.INSTRUCTION_COMPONENTS + 1, components.stepRunner()::close);
        });
    }

    /** Returns the events of the event bus that a handler of the subscribing processor {@code name} takes. */
    private static HandledEvents handledEvents(Configuration config, String name) {
        return new HandledEvents(config.eventBus(), () -> config.eventProcessingConfiguration()
                .eventProcessor(name, AbstractEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No event processor named " + name))
                .eventHandlerInvoker());
    }

    /**
     * Registers the saga's processor with one thread per segment, so that one node can hold every segment while it
     * runs alone, and starts it at the head of the event stream as Axon does for sagas. Marks every command, and so
     * every event, with the node's id, and has the node's read models follow what other nodes store.
     */
    private void registerClusterNode(Configurer configurer) {
        long claimInterval = cluster.heartbeatInterval().toMillis();
        configurer.eventProcessing()
                .registerTrackingEventProcessor(DeploymentSaga.PROCESSING_GROUP, config -> config.eventStore(),
                        config -> TrackingEventProcessorConfiguration.forParallelProcessing(cluster.segments())
                                .andInitialSegmentsCount(cluster.segments())
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken)
                                .andTokenClaimInterval(claimInterval, TimeUnit.MILLISECONDS));
        configurer.onInitialize(config -> {
            config.onStart(Phase.LOCAL_MESSAGE_HANDLER_REGISTRATIONS, () -> config.commandBus()
                    .registerDispatchInterceptor(commands -> (index, command) ->
                            command.andMetaData(Map.of(DeploymentStepRunner.NODE_ID, cluster.nodeId()))));
            if (components.replayer() instanceof EventStoreReplayer replayer) {
                replayer.recordIn(sequences);
                ReadModelFollower follower = new ReadModelFollower(cluster.nodeId(),
                        () -> config.getComponent(EventStorageEngine.class), replayer, components.gate(),
                        sequences, components.readModels());
                config.onStart(Phase.INSTRUCTION_COMPONENTS + 2, follower::start);
                config.onShutdown(Phase.INSTRUCTION_COMPONENTS + 2, follower::stop);
            }
        });
    }
}
