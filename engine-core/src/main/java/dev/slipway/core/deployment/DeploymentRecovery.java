package dev.slipway.core.deployment;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationProjection;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.FindApplicationQuery;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends, at engine start, every deployment that was queued or running when the engine stopped, so that none stays
 * in progress forever. Each ends as FAILED with a reason that names the step it was in, and what it started is
 * removed: the container and image its events recorded, a container under the name the deployment gives its
 * container, its work directory, and the application's network when no release serves the application.
 * <p>
 * NOTE: an image that a build finished but whose event was never stored carries no recorded id and stays behind.
 * A deployment stopped during STOP_PREVIOUS also ends as FAILED, and its new container is removed, although the
 * previous container may already be gone.
 */
public final class DeploymentRecovery {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRecovery.class);

    private DeploymentRecovery() {
    }

    /** Fails the deployments that the read model shows as not ended and removes what they started. */
    public static int endInterrupted(CommandGateway commandGateway, DeploymentProjection deployments,
                                     ApplicationProjection applications, DeploymentStepRunner runner) {
        List<DeploymentView> interrupted = deployments.handle(new FindDeploymentsQuery(null)).stream()
                .filter(view -> !view.status().isFinal())
                .toList();
        for (DeploymentView view : interrupted) {
            DeploymentStep step = stepInProgress(view);
            String reason = view.status() == DeploymentStatus.RUNNING
                    ? "The engine stopped while step " + step + " was running. Deploy again."
                    : "The engine stopped while the deployment waited to start. Deploy again.";
            log.warn("deployment [{}] step [{}] ended at engine start: {}", view.id(), step, reason);
            commandGateway.sendAndWait(asCommandMessage(new FailDeploymentCommand(DeploymentId.of(view.id()), step,
                    reason)).andMetaData(RequestContext.engine().toMetaData()));
            runner.removeInterrupted(view, servingImage(view, deployments, applications));
        }
        return interrupted.size();
    }

    /**
     * Fails a deployment that a stopped engine node held at {@code step}, or before its first step when
     * {@code step} is null, and removes what it started. A deployment that the read model already shows as ended
     * is left as it is.
     *
     * @return whether the deployment was failed
     */
    public static boolean endOrphaned(CommandGateway commandGateway, DeploymentProjection deployments,
                                      ApplicationProjection applications, DeploymentStepRunner runner,
                                      DeploymentId deploymentId, DeploymentStep step, String stoppedNode) {
        DeploymentView view = deployments.handle(new FindDeploymentQuery(deploymentId)).orElse(null);
        if (view != null && view.status().isFinal()) {
            return false;
        }
        DeploymentStep failedStep = step == null ? DeploymentStep.RESOLVE_COMMIT : step;
        String reason = step == null
                ? "Engine node '" + stoppedNode + "' stopped before step " + failedStep + " started. Deploy again."
                : "Engine node '" + stoppedNode + "' stopped while step " + step + " was running. Deploy again.";
        log.warn("deployment [{}] step [{}] ended by node take-over: {}", deploymentId, failedStep, reason);
        commandGateway.sendAndWait(asCommandMessage(new FailDeploymentCommand(deploymentId, failedStep, reason))
                .andMetaData(RequestContext.engine().toMetaData()));
        if (view == null) {
            log.warn("deployment [{}] is not in the read model yet, so what it started was not removed",
                    deploymentId);
        } else {
            runner.removeInterrupted(view, servingImage(view, deployments, applications));
        }
        return true;
    }

    /**
     * Starts a step again that a stopped engine node was running at {@code step}, when the step is one of
     * {@link ResumeDeploymentStepCommand#RESUMABLE_STEPS} and the deployment still expects it. The node that has
     * claimed the saga segment of the deployment then runs it. A deployment that has moved past the step, or ended,
     * is left as it is, because the saga handles again the event that the stopped node had not finished.
     *
     * @return whether the step starts again
     */
    public static boolean resumeOrphaned(CommandGateway commandGateway, DeploymentId deploymentId,
                                         DeploymentStep step, String stoppedNode) {
        try {
            commandGateway.sendAndWait(asCommandMessage(new ResumeDeploymentStepCommand(deploymentId, step,
                    stoppedNode)).andMetaData(RequestContext.engine().toMetaData()));
        } catch (StepOutOfOrderException e) {
            log.info("deployment [{}] step [{}] not run again after node [{}] stopped: {}", deploymentId, step,
                    stoppedNode, e.getMessage());
            return false;
        }
        log.warn("deployment [{}] step [{}] runs again because node [{}] stopped while it ran", deploymentId, step,
                stoppedNode);
        return true;
    }

    private static String servingImage(DeploymentView view, DeploymentProjection deployments,
                                       ApplicationProjection applications) {
        return applications.handle(new FindApplicationQuery(ApplicationId.of(view.applicationId())))
                .map(ApplicationView::currentDeploymentId)
                .flatMap(current -> deployments.handle(new FindDeploymentQuery(DeploymentId.of(current))))
                .map(DeploymentView::imageId)
                .orElse(null);
    }

    /** Returns the step after the last one that succeeded, which is the step that ran when the engine stopped. */
    private static DeploymentStep stepInProgress(DeploymentView view) {
        if (view.steps().isEmpty()) {
            return DeploymentStep.RESOLVE_COMMIT;
        }
        DeploymentStep last = view.steps().get(view.steps().size() - 1).step();
        if (view.rollbackOf() != null && last == DeploymentStep.RESOLVE_COMMIT) {
            // A rollback skips check-out and build.
            return DeploymentStep.START_CONTAINER;
        }
        DeploymentStep[] steps = DeploymentStep.values();
        return last.ordinal() + 1 < steps.length ? steps[last.ordinal() + 1] : last;
    }
}
