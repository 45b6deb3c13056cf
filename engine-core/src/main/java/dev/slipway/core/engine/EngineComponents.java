package dev.slipway.core.engine;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.application.ApplicationNames;
import dev.slipway.core.application.ApplicationProjection;
import dev.slipway.core.audit.AuditProjection;
import dev.slipway.core.deployment.DeploymentProjection;
import dev.slipway.core.deployment.DeploymentStepRunner;
import dev.slipway.core.logs.DeploymentLogCapture;
import dev.slipway.core.readmodel.ReadModel;
import dev.slipway.core.readmodel.ReadModelGate;
import dev.slipway.core.readmodel.ReadModelReplayer;
import java.util.List;

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
 */
public record EngineComponents(EngineSettings settings, ApplicationNames names, ApplicationProjection applications,
                               DeploymentProjection deployments, AuditProjection audit, ReadModelGate gate,
                               ReadModelReplayer replayer, DeploymentStepRunner stepRunner,
                               DeploymentLogCapture logs) {

    /** Returns every read model, in the order a replay fills them. */
    public List<ReadModel> readModels() {
        return List.of(applications, deployments, audit);
    }
}
