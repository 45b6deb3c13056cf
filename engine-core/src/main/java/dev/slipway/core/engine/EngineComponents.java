package dev.slipway.core.engine;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.AccessRules;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationNames;
import dev.slipway.core.application.ApplicationProjection;
import dev.slipway.core.audit.AuditProjection;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentProjection;
import dev.slipway.core.deployment.DeploymentStepRunner;
import dev.slipway.core.logs.DeploymentLogCapture;
import dev.slipway.core.policy.ApplicationTeams;
import dev.slipway.core.policy.ContainerPolicies;
import dev.slipway.core.readmodel.ReadModel;
import dev.slipway.core.readmodel.ReadModelGate;
import dev.slipway.core.readmodel.ReadModelReplayer;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.server.ServerProjection;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamProjection;
import java.util.List;
import java.util.Optional;

/**
 * The engine's own objects that Axon calls: read models, the step runner, and the services their handlers need.
 * The plain-Java builder and the Spring Boot auto-configuration both create one and hand it to
 * {@link SlipwayAxonModule}.
 *
 * @param settings     the engine's settings
 * @param names        the index of application names
 * @param applications the application read model
 * @param deployments  the deployment read model
 * @param audit        the audit read model
 * @param gate         the gate that holds live events back during a replay
 * @param replayer     the read model replayer
 * @param stepRunner   the runner of slow deployment steps
 * @param logs         the capture of build and container output into the deployment log store
 * @param teams        the team read model, which authorization reads at every command and query
 * @param servers      the read model of which team owns each server
 * @param applicationTeams the index of the team that owns each application, which container policies read
 * @param policies     the container rules of the operator and of single teams
 */
public record EngineComponents(EngineSettings settings, ApplicationNames names, ApplicationProjection applications,
                               DeploymentProjection deployments, AuditProjection audit, ReadModelGate gate,
                               ReadModelReplayer replayer, DeploymentStepRunner stepRunner,
                               DeploymentLogCapture logs, TeamProjection teams, ServerProjection servers,
                               ApplicationTeams applicationTeams, ContainerPolicies policies) {

    /** Creates components with the default container policy. */
    public EngineComponents(EngineSettings settings, ApplicationNames names, ApplicationProjection applications,
                            DeploymentProjection deployments, AuditProjection audit, ReadModelGate gate,
                            ReadModelReplayer replayer, DeploymentStepRunner stepRunner, DeploymentLogCapture logs,
                            TeamProjection teams, ServerProjection servers) {
        this(settings, names, applications, deployments, audit, gate, replayer, stepRunner, logs, teams, servers,
                new ApplicationTeams(), ContainerPolicies.DEFAULT);
    }

    /**
     * Returns every read model, in the order a replay fills them and a live event reaches them. The audit read model
     * takes every event and comes first, so that the processor's check whether a read model takes an event ends at
     * once.
     */
    public List<ReadModel> readModels() {
        return List.of(audit, teams, servers, applications, deployments, applicationTeams);
    }

    /** Returns the rules that decide what a caller may do, reading the read models of this engine. */
    public AccessRules accessRules() {
        return new AccessRules(settings.access(), teams, this::teamOf);
    }

    private Optional<TeamId> teamOf(Object resourceId) {
        if (resourceId instanceof ApplicationId application) {
            return applications.teamOf(application);
        }
        if (resourceId instanceof DeploymentId deployment) {
            return deployments.teamOf(deployment);
        }
        if (resourceId instanceof ServerId server) {
            return servers.teamOf(server);
        }
        if (resourceId instanceof TeamId team) {
            return teams.exists(team) ? Optional.of(team) : Optional.empty();
        }
        return Optional.empty();
    }
}
