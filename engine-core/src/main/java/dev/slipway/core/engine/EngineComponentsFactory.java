package dev.slipway.core.engine;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationNames;
import dev.slipway.core.application.ApplicationProjection;
import dev.slipway.core.audit.AuditProjection;
import dev.slipway.core.deployment.DeploymentProjection;
import dev.slipway.core.deployment.DeploymentStepRunner;
import dev.slipway.core.deployment.FindDeploymentQuery;
import dev.slipway.core.logs.DeploymentLogCapture;
import dev.slipway.core.logs.DeploymentLogStore;
import dev.slipway.core.logs.FileDeploymentLogStore;
import dev.slipway.core.logs.LogStoreSettings;
import dev.slipway.core.policy.ApplicationTeams;
import dev.slipway.core.policy.ContainerPolicies;
import dev.slipway.core.readmodel.EventStoreReplayer;
import dev.slipway.core.readmodel.ReadModelGate;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.server.ServerProjection;
import dev.slipway.core.team.TeamProjection;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/** Creates the engine's components for the plain-Java builder and the Spring Boot auto-configuration alike. */
public final class EngineComponentsFactory {

    private EngineComponentsFactory() {
    }

    /** Creates the components; the suppliers are read only once the engine runs. */
    public static EngineComponents create(EngineSettings settings, SourceRepository sources,
                                          ContainerRuntime containers, Supplier<CommandGateway> commandGateway,
                                          Supplier<EventStorageEngine> eventStorage, Clock clock) {
        return create(settings, sources, containers, commandGateway, eventStorage, clock, null);
    }

    /**
     * Creates the components with a vault that decrypts secrets for containers; a null vault makes deployments of
     * applications with secrets fail.
     */
    public static EngineComponents create(EngineSettings settings, SourceRepository sources,
                                          ContainerRuntime containers, Supplier<CommandGateway> commandGateway,
                                          Supplier<EventStorageEngine> eventStorage, Clock clock,
                                          SecretVault secrets) {
        return create(settings, sources, containers, commandGateway, eventStorage, clock, secrets, null,
                ContainerPolicies.DEFAULT);
    }

    /**
     * Creates the components with a deployment log store; a null store means a {@link FileDeploymentLogStore} with
     * default limits in the {@code logs} folder of the work directory.
     */
    public static EngineComponents create(EngineSettings settings, SourceRepository sources,
                                          ContainerRuntime containers, Supplier<CommandGateway> commandGateway,
                                          Supplier<EventStorageEngine> eventStorage, Clock clock,
                                          SecretVault secrets, DeploymentLogStore logStore) {
        return create(settings, sources, containers, commandGateway, eventStorage, clock, secrets, logStore,
                ContainerPolicies.DEFAULT);
    }

    /**
     * Creates the components with a deployment log store, as above, and the container rules that every container
     * of each team is held to when it starts.
     */
    public static EngineComponents create(EngineSettings settings, SourceRepository sources,
                                          ContainerRuntime containers, Supplier<CommandGateway> commandGateway,
                                          Supplier<EventStorageEngine> eventStorage, Clock clock,
                                          SecretVault secrets, DeploymentLogStore logStore,
                                          ContainerPolicies policies) {
        ApplicationNames names = new ApplicationNames();
        ApplicationProjection applications = new ApplicationProjection(names);
        DeploymentProjection deployments = new DeploymentProjection();
        AuditProjection audit = new AuditProjection();
        TeamProjection teams = new TeamProjection();
        ServerProjection servers = new ServerProjection();
        ApplicationTeams applicationTeams = new ApplicationTeams();
        ReadModelGate gate = new ReadModelGate();
        // In the order of EngineComponents.readModels().
        EventStoreReplayer replayer = new EventStoreReplayer(eventStorage,
                List.of(audit, teams, servers, applications, deployments, applicationTeams), gate, clock);
        ContainerRuntime enforced = containers == null ? null : policies.enforcedOn(containers, applicationTeams);
        DeploymentStepRunner runner = new DeploymentStepRunner(sources, enforced, commandGateway,
                workerPool(settings), settings, secrets);
        DeploymentLogStore store = logStore != null ? logStore : new FileDeploymentLogStore(
                LogStoreSettings.defaults(settings.workDirectory().resolve("logs")), clock,
                secrets == null ? null : secrets.redactor());
        if (store instanceof FileDeploymentLogStore files) {
            files.maskSecretsOf(deployment -> deployments.handle(new FindDeploymentQuery(deployment))
                    .map(view -> ApplicationId.of(view.applicationId())).orElse(null));
        }
        DeploymentLogCapture logs = new DeploymentLogCapture(store, containers, clock);
        runner.captureLogsIn(logs);
        return new EngineComponents(settings, names, applications, deployments, audit, gate, replayer, runner,
                logs, teams, servers, applicationTeams, policies);
    }

    /** Creates the bounded pool that runs slow steps; a full queue rejects a step instead of blocking a caller. */
    static ExecutorService workerPool(EngineSettings settings) {
        AtomicInteger threadNumber = new AtomicInteger();
        return new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.workerQueueCapacity()), runnable -> {
                    Thread thread = new Thread(runnable, "slipway-worker-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }
}
