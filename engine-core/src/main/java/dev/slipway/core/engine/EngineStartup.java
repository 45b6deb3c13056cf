package dev.slipway.core.engine;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.slipway.core.SlipwayException;
import dev.slipway.core.access.AccessSettings;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentRecovery;
import dev.slipway.core.deployment.DeploymentSaga;
import dev.slipway.core.deployment.OrphanRemoval;
import dev.slipway.core.deployment.RouteRestoration;
import dev.slipway.core.server.RegisterServerCommand;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.team.CreateTeamCommand;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamName;
import java.time.Duration;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a started Axon configuration to the point where the engine may take requests: read models rebuilt from
 * the event store, stored secrets masked, the local server registered, the configured default team created, the
 * deployment saga's processor holding its segments, deployments interrupted by a stop ended, Docker objects that
 * nothing owns removed, the proxy's routes of the current releases restored, and secret files written again. A
 * request sent before the saga processor has claimed its segments would never be seen by the saga, because that
 * processor starts at the head of the event stream.
 */
final class EngineStartup {

    private static final Logger log = LoggerFactory.getLogger(EngineStartup.class);

    private EngineStartup() {
    }

    /**
     * Runs the start-up steps. A node of a cluster ({@code cluster} not null) neither ends unfinished deployments nor
     * removes Docker objects without an owner, because other nodes may be running them. The node take-over ends the
     * deployments of stopped nodes instead.
     * NOTE: a cluster node neither writes secret files again nor routes domains to their releases again at start,
     * because the read models do not record which node's Docker engine runs a release. Only a single engine does.
     */
    static void run(Configuration config, EngineComponents components, Duration timeout, ClusterSettings cluster) {
        if (cluster == null) {
            components.replayer().replay();
            SecretStartup.maskStoredSecrets(config, components);
            registerLocalServer(config);
            createDefaultTeam(config, components);
            awaitSagaProcessor(config, timeout);
            DeploymentRecovery.endInterrupted(config.commandGateway(), components.deployments(),
                    components.applications(), components.stepRunner(), deploymentId -> sagaExists(config,
                            deploymentId));
            OrphanRemoval.removeOrphans(components.deployments(), components.applications(),
                    components.stepRunner());
            RouteRestoration.restoreRoutes(components.applications(), components.stepRunner());
            SecretStartup.restoreSecretFiles(config, components);
            log.info("engine ready: read models rebuilt, saga processor [{}] running",
                    DeploymentSaga.PROCESSING_GROUP);
            return;
        }
        components.replayer().replay();
        SecretStartup.maskStoredSecrets(config, components);
        registerLocalServer(config);
        createDefaultTeam(config, components);
        ClusterStartup.awaitSagaProcessorRunning(config, timeout);
        log.info("engine node [{}] ready: read models rebuilt, saga processor [{}] running", cluster.nodeId(),
                DeploymentSaga.PROCESSING_GROUP);
    }

    /** Returns whether the saga store contains the deployment saga of {@code deploymentId}. */
    private static boolean sagaExists(Configuration config, DeploymentId deploymentId) {
        SagaStore<? super DeploymentSaga> store = config.eventProcessingConfiguration()
                .sagaConfiguration(DeploymentSaga.class).store();
        return !store.findSagas(DeploymentSaga.class, new AssociationValue("deploymentId", deploymentId.toString()))
                .isEmpty();
    }

    private static void registerLocalServer(Configuration config) {
        if (config.eventStore().lastSequenceNumberFor(ServerId.LOCAL.toString()).isPresent()) {
            return;
        }
        try {
            config.commandGateway().sendAndWait(asCommandMessage(
                            new RegisterServerCommand(ServerId.LOCAL, "local", "the engine's local Docker engine",
                                    TeamId.UNASSIGNED))
                    .andMetaData(RequestContext.engine().toMetaData()));
        } catch (RuntimeException e) {
            // Another node that shares the event store may have registered it at the same moment.
            if (config.eventStore().lastSequenceNumberFor(ServerId.LOCAL.toString()).isPresent()) {
                log.info("server [{}] registered by another engine node", ServerId.LOCAL);
                return;
            }
            throw e;
        }
        log.info("server [{}] registered as the local Docker engine", ServerId.LOCAL);
    }

    private static void createDefaultTeam(Configuration config, EngineComponents components) {
        AccessSettings access = components.settings().access();
        TeamId team = access.defaultTeamId();
        if (team == null || components.teams().exists(team)
                || config.eventStore().lastSequenceNumberFor(team.toString()).isPresent()) {
            return;
        }
        try {
            config.commandGateway().sendAndWait(asCommandMessage(new CreateTeamCommand(team,
                    new TeamName(access.defaultTeam()))).andMetaData(RequestContext.engine().toMetaData()));
            log.info("team [{}] created as the default team [{}]", team, access.defaultTeam());
        } catch (ConcurrencyException e) {
            log.info("team [{}] of the default team [{}] was created by another engine process", team,
                    access.defaultTeam());
        }
    }

    private static void awaitSagaProcessor(Configuration config, Duration timeout) {
        StreamingEventProcessor processor = config.eventProcessingConfiguration()
                .eventProcessorByProcessingGroup(DeploymentSaga.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new SlipwayException("Event processor of the deployment saga is missing"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processor.processingStatus().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new SlipwayException("Event processor '" + processor.getName() + "' of the deployment saga"
                        + " claimed no segment within " + timeout.toSeconds() + " s. Check the token store.");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlipwayException("Interrupted while waiting for the deployment saga's processor", e);
            }
        }
    }
}
