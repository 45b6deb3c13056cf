package dev.slipway.core.deployment;

import dev.slipway.core.spec.InvalidInputException;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Runs a step again that a stopped engine node was running, so that the deployment continues on another node.
 * Only steps that create nothing outside the node's work directory, apart from an image under the deployment's
 * own tag, can run again.
 *
 * @param deploymentId the deployment
 * @param step         the step the stopped node was running, which must be the deployment's next step
 * @param stoppedNode  the id of the node that stopped
 */
public record ResumeDeploymentStepCommand(@TargetAggregateIdentifier DeploymentId deploymentId, DeploymentStep step,
                                          String stoppedNode) {

    /** Steps that may run again on another node after the node that ran them stopped. */
    public static final Set<DeploymentStep> RESUMABLE_STEPS = Set.of(DeploymentStep.RESOLVE_COMMIT,
            DeploymentStep.CHECK_OUT, DeploymentStep.BUILD_IMAGE);

    public ResumeDeploymentStepCommand {
        if (step == null || !RESUMABLE_STEPS.contains(step)) {
            throw new InvalidInputException("step", "must be one of " + RESUMABLE_STEPS, String.valueOf(step));
        }
    }
}
