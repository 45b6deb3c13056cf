package dev.slipway.core.autoconfigure;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.access.AccessSettings;
import dev.slipway.core.application.ApplicationNames;
import dev.slipway.core.deployment.DeploymentStepRunner;
import dev.slipway.core.deployment.StepTimeLimits;
import dev.slipway.core.engine.ClusterSettings;
import dev.slipway.core.engine.EngineComponents;
import dev.slipway.core.engine.EngineComponentsFactory;
import dev.slipway.core.engine.SlipwayAxonModule;
import dev.slipway.core.logs.DeploymentLogStore;
import dev.slipway.core.policy.ContainerPolicies;
import dev.slipway.core.readmodel.ReadModelReplayer;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.TrafficRouter;
import dev.slipway.core.secret.SecretFiles;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.core.storage.StreamedEventStorage;
import java.time.Clock;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Runs the deployment engine inside a Spring Boot application on Axon's Spring Boot support: the aggregates, the
 * deployment saga, the read models and the worker pool. The Git and Docker adapters come from their own modules'
 * auto-configurations, or from beans of the application.
 */
@AutoConfiguration(after = AxonAutoConfiguration.class)
@ConditionalOnClass(AxonAutoConfiguration.class)
@EnableConfigurationProperties({SlipwayProperties.class, ImageRetentionProperties.class, BuildSlotsProperties.class})
public class SlipwayAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock slipwayClock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    EngineSettings slipwayEngineSettings(SlipwayProperties properties, ImageRetentionProperties images) {
        return new EngineSettings(properties.workDirectory(), properties.workers().threads(),
                properties.workers().queueCapacity(),
                new SourcePolicy(properties.source().allowHttp(), properties.source().allowLocal()), images.kept(),
                new AccessSettings(properties.access().defaultTeam(), properties.access().defaultTeamRole()),
                new StepTimeLimits(properties.stepTimeLimits()));
    }

    @Bean
    @ConditionalOnMissingBean
    EngineComponents slipwayEngineComponents(EngineSettings settings, ObjectProvider<SourceRepository> sources,
                                             ObjectProvider<ContainerRuntime> containers,
                                             ObjectProvider<CommandGateway> commandGateway,
                                             ObjectProvider<EventStorageEngine> eventStorage,
                                             ObjectProvider<EventStore> eventStore, Clock clock,
                                             ObjectProvider<SecretVault> secretVault,
                                             ObjectProvider<DeploymentLogStore> logStore,
                                             ObjectProvider<ContainerPolicies> containerPolicies,
                                             ObjectProvider<SecretFiles> secretFiles,
                                             ObjectProvider<TrafficRouter> trafficRouter,
                                             BuildSlotsProperties buildSlots) {
        SourceRepository sourceRepository = sources.getIfAvailable();
        if (sourceRepository == null) {
            throw new SlipwayException("No SourceRepository bean: add the engine-git module to the class path or"
                    + " define a SourceRepository bean");
        }
        ContainerRuntime containerRuntime = containers.getIfAvailable();
        if (containerRuntime == null) {
            throw new SlipwayException("No ContainerRuntime bean: add the engine-docker module to the class path or"
                    + " define a ContainerRuntime bean");
        }
        SecretVault vault = secretVault.getIfAvailable();
        if (vault == null) {
            throw new SlipwayException("No SecretVault bean: keep Slipway's SecretAutoConfiguration enabled and"
                    + " configure a master key (slipway.secrets.master-key-file or the environment variable"
                    + " SLIPWAY_MASTER_KEY), or define a SecretVault bean");
        }
        EngineComponents components = EngineComponentsFactory.create(settings, sourceRepository, containerRuntime,
                commandGateway::getObject, storageOrStream(eventStorage, eventStore), clock, vault,
                logStore.getIfAvailable(), containerPolicies.getIfAvailable(() -> ContainerPolicies.DEFAULT));
        secretFiles.ifAvailable(components.stepRunner()::deliverSecretFilesWith);
        components.stepRunner().limitBuilds(buildSlots.toBuildSlots());
        TrafficRouter router = trafficRouter.getIfAvailable(() -> TrafficRouter.NONE);
        components.stepRunner().routeTrafficWith(router);
        components.names().routeDomains(router.isEnabled());
        return components;
    }

    /**
     * Creates Axon's in-memory deadline manager, which limits the time of each deployment step. Axon's Spring Boot
     * support defines none, and the deployment saga cannot start without one.
     */
    @Bean
    @ConditionalOnMissingBean
    DeadlineManager slipwayDeadlineManager(org.axonframework.config.Configuration axonConfiguration,
                                           ObjectProvider<TransactionManager> transactionManager) {
        return SlipwayAxonModule.deadlineManager(axonConfiguration,
                transactionManager.getIfAvailable(NoTransactionManager::instance));
    }

    /** Returns the engine's Axon module, for one node of a cluster when the cluster's settings are a bean. */
    @Bean
    ConfigurerModule slipwayAxonModule(EngineComponents components, ObjectProvider<ClusterSettings> cluster) {
        return new SlipwayAxonModule(components, cluster.getIfAvailable());
    }

    @Bean
    CorrelationDataProvider slipwayRequestContextProvider() {
        return SlipwayAxonModule.correlationDataProviders().get(0);
    }

    @Bean
    @ConditionalOnMissingBean(MessageOriginProvider.class)
    MessageOriginProvider slipwayMessageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    @ConditionalOnMissingBean
    ReadModelReplayer slipwayReadModelReplayer(EngineComponents components) {
        return components.replayer();
    }

    @Bean
    SourcePolicy slipwaySourcePolicy(EngineComponents components) {
        return components.settings().sourcePolicy();
    }

    @Bean
    ApplicationNames slipwayApplicationNames(EngineComponents components) {
        return components.names();
    }

    @Bean
    DeploymentStepRunner slipwayDeploymentStepRunner(EngineComponents components) {
        return components.stepRunner();
    }

    /**
     * Returns the event storage engine, or a read-only view of the event store when it has none, as with Axon
     * Server, so that the read models can still be rebuilt from the stored events.
     */
    public static Supplier<EventStorageEngine> storageOrStream(ObjectProvider<EventStorageEngine> eventStorage,
                                                               ObjectProvider<EventStore> eventStore) {
        return () -> eventStorage.getIfAvailable(() -> new StreamedEventStorage(eventStore.getObject()));
    }
}
