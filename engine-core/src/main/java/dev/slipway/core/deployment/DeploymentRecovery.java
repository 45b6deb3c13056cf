package dev.slipway.core.deployment;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.AdmitNextDeploymentCommand;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationProjection;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.application.Release;
import dev.slipway.core.application.RuntimeSettingsView;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.DomainName;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends, at engine start, every deployment that was running when the engine stopped, so that none stays in progress
 * forever, and then lets the queued deployments run in order. Each interrupted deployment ends as FAILED with a
 * reason that names the step it was in. What it started is removed: the container and image its events
 * recorded, a container under the name the deployment gives its container, its work directory, and the
 * application's network when no release serves the application. Its application then admits the next queued
 * deployment. A queued deployment whose saga the saga store lost in the restart cannot run, so it ends as FAILED too.
 * A deployment that ended but is still its application's lane holder leaves the lane, after what it started is
 * removed.
 * <p>
 * Three cases keep the application served instead. A deployment whose new container passed its health check
 * completes: the previous release's container is removed, if STOP_PREVIOUS had not done so yet, and the deployment
 * succeeds. A deployment that succeeded just before the engine stopped, before its release was recorded on the
 * application, gets its release recorded here. And after an interrupted deployment is removed, the serving release's
 * container is started again, in case the deployment had stopped it to free fixed host ports.
 * <p>
 * NOTE: an image that a build finished but whose event was never stored carries no recorded id and stays behind.
 * A deployment queued by an engine version that kept the lane in memory is not in its application's lane and stays
 * QUEUED until it is cancelled.
 */
public final class DeploymentRecovery {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRecovery.class);

    private DeploymentRecovery() {
    }

    /**
     * Fails the deployments that the read model shows as started or admitted but not ended, and removes what they
     * started. Then fails the queued deployments for which {@code sagaExists} is false. After each failure, the
     * deployment's application admits its next queued deployment. Last, the ended deployments that are still their
     * application's lane holder leave the lane.
     *
     * @return the number of deployments failed
     */
    public static int endInterrupted(CommandGateway commandGateway, DeploymentProjection deployments,
                                     ApplicationProjection applications, DeploymentStepRunner runner,
                                     Predicate<DeploymentId> sagaExists) {
        List<DeploymentView> unfinished = deployments.handle(new FindDeploymentsQuery(null)).stream()
                .filter(view -> !view.status().isFinal())
                .sorted(Comparator.comparing(DeploymentView::requestedAt))
                .toList();
        List<DeploymentView> inFlight = unfinished.stream().filter(view -> !waitsInLane(view)).toList();
        List<DeploymentView> lostQueued = unfinished.stream()
                .filter(view -> waitsInLane(view) && !sagaExists.test(DeploymentId.of(view.id())))
                .toList();
        for (DeploymentView view : inFlight) {
            Optional<RuntimeSettingsView> runtime = applications.handle(
                    new FindApplicationQuery(ApplicationId.of(view.applicationId()))).map(ApplicationView::runtime);
            List<String> domains = runtime.map(RuntimeSettingsView::domains).orElse(List.of());
            DeploymentStep step = stepInProgress(view, !domains.isEmpty());
            if ((step == DeploymentStep.SWITCH_TRAFFIC || step == DeploymentStep.STOP_PREVIOUS)
                    && view.status() == DeploymentStatus.RUNNING
                    && finishAfterHealthCheck(commandGateway, view, step, runtime.orElse(null), deployments,
                    applications, runner)) {
                continue;
            }
            String reason = view.steps().isEmpty() && view.status() != DeploymentStatus.RUNNING
                    ? "The engine stopped while the deployment waited to start. Deploy again."
                    : "The engine stopped while step " + step + " was running. Deploy again.";
            end(commandGateway, view, step, reason);
            if (step == DeploymentStep.SWITCH_TRAFFIC || step == DeploymentStep.STOP_PREVIOUS) {
                // The proxy may already send the domains to the container that is removed next.
                runner.restoreRouteAfterRestart(view, servingDeployment(view, deployments, applications)
                        .orElse(null), domains.stream().map(DomainName::new).toList(),
                        runtime.map(RuntimeSettingsView::containerPort).orElse(0));
            }
            removeAndRestartServing(view, deployments, applications, runner);
            admitNext(commandGateway, view);
        }
        for (DeploymentView view : lostQueued) {
            end(commandGateway, view, DeploymentStep.RESOLVE_COMMIT, "The engine stopped while the deployment"
                    + " waited in the queue, and its saga store does not keep deployments across restarts."
                    + " Deploy again.");
            admitNext(commandGateway, view);
        }
        releaseEndedLaneHolders(commandGateway, deployments, applications, runner);
        return inFlight.size() + lostQueued.size();
    }

    /**
     * Completes a deployment whose new container passed its health check before the engine stopped, in
     * SWITCH_TRAFFIC, in STOP_PREVIOUS or just before it completed. The application's domains are routed to the new
     * container unless SWITCH_TRAFFIC had done so, the previous release's container is removed if it is still there,
     * and the
     * deployment succeeds, so the application is served by the new container instead of by none: the previous one
     * may already be gone. Its release is recorded when it leaves the lane.
     *
     * @return whether the deployment completed; false when it no longer accepts the step, so it is failed instead
     */
    private static boolean finishAfterHealthCheck(CommandGateway commandGateway, DeploymentView view,
                                                  DeploymentStep step, RuntimeSettingsView runtime,
                                                  DeploymentProjection deployments,
                                                  ApplicationProjection applications, DeploymentStepRunner runner) {
        DeploymentId deploymentId = DeploymentId.of(view.id());
        DeploymentView previous = servingDeployment(view, deployments, applications).orElse(null);
        try {
            if (step == DeploymentStep.SWITCH_TRAFFIC) {
                List<DomainName> domains = runtime.domains().stream().map(DomainName::new).toList();
                String containerName = runner.switchTrafficAfterRestart(view, domains, runtime.containerPort());
                send(commandGateway, new RecordTrafficSwitchedCommand(deploymentId, domains, containerName));
            }
            if (previous != null && previous.containerId() != null) {
                runner.removePreviousAfterRestart(deploymentId, ApplicationId.of(view.applicationId()),
                        DeploymentId.of(previous.id()), previous.containerId());
                send(commandGateway, new RecordPreviousContainerStoppedCommand(deploymentId,
                        previous.containerId()));
            }
            send(commandGateway, new CompleteDeploymentCommand(deploymentId));
        } catch (StepOutOfOrderException | StepFailedException e) {
            // A saga that the saga store kept across the restart completes the deployment too, after the event of
            // the previous container's removal, and may be first.
            boolean succeeded = deployments.handle(new FindDeploymentQuery(deploymentId))
                    .map(current -> current.status() == DeploymentStatus.SUCCEEDED).orElse(false);
            if (!succeeded) {
                log.warn("deployment [{}] not completed at engine start after its health check passed: {}",
                        view.id(), e.getMessage());
                return false;
            }
        }
        log.warn("deployment [{}] completed at engine start: its health check passed before the engine stopped",
                view.id());
        return true;
    }

    private static void send(CommandGateway commandGateway, Object command) {
        commandGateway.sendAndWait(asCommandMessage(command).andMetaData(RequestContext.engine().toMetaData()));
    }

    /**
     * Removes what an interrupted deployment started, then starts the container of the release that serves the
     * application again in case the deployment had stopped it to free fixed host ports.
     */
    private static void removeAndRestartServing(DeploymentView view, DeploymentProjection deployments,
                                                ApplicationProjection applications, DeploymentStepRunner runner) {
        DeploymentView serving = servingDeployment(view, deployments, applications).orElse(null);
        runner.removeInterrupted(view, serving == null ? null : serving.imageId());
        if (serving != null && serving.containerId() != null) {
            runner.startServingAfterRestart(DeploymentId.of(view.id()), DeploymentId.of(serving.id()),
                    serving.containerId());
        }
    }

    /**
     * Removes from their applications' lanes the deployments that ended but are still the lane holder, because the
     * engine stopped between recording the end and leaving the lane. Without this, every later deployment of the
     * application would wait in the queue forever. What a failed or cancelled one started is removed first.
     */
    private static void releaseEndedLaneHolders(CommandGateway commandGateway, DeploymentProjection deployments,
                                                ApplicationProjection applications, DeploymentStepRunner runner) {
        for (DeploymentId holder : deployments.laneHolders().values()) {
            DeploymentView view = deployments.handle(new FindDeploymentQuery(holder)).orElse(null);
            if (view == null || !view.status().isFinal()) {
                continue;
            }
            log.warn("deployment [{}] ended as {} but was still the lane holder of application [{}]; leaving the"
                    + " lane at engine start", view.id(), view.status(), view.applicationId());
            leaveLane(commandGateway, deployments, applications, runner, view, true);
        }
    }

    /**
     * Ends the lane hold of an ended deployment as the engine that ran it would have. A succeeded deployment's
     * release is recorded on its application, so that its container keeps serving. What a failed or cancelled one
     * started is removed. Then the application admits its next queued deployment. On a single engine
     * ({@code localDocker}), the container of the release that serves the application is started again too, in case
     * the deployment had stopped it to free fixed host ports. In a cluster, another node's Docker engine may run it.
     */
    private static void leaveLane(CommandGateway commandGateway, DeploymentProjection deployments,
                                  ApplicationProjection applications, DeploymentStepRunner runner,
                                  DeploymentView view, boolean localDocker) {
        if (view.status() == DeploymentStatus.SUCCEEDED) {
            DeploymentId deploymentId = DeploymentId.of(view.id());
            Release release = deployments.succeededLaneHolderRelease(deploymentId).orElse(null);
            if (release == null) {
                log.warn("deployment [{}] succeeded but its release is not in the read model, so it is not"
                        + " recorded", view.id());
            } else {
                try {
                    runner.recordRecoveredRelease(ApplicationId.of(view.applicationId()), release);
                } catch (AggregateNotFoundException e) {
                    log.info("deployment [{}] succeeded after its application [{}] was deleted", view.id(),
                            view.applicationId());
                }
            }
        } else if (localDocker) {
            removeAndRestartServing(view, deployments, applications, runner);
        } else {
            runner.removeInterrupted(view, servingImage(view, deployments, applications));
        }
        admitNext(commandGateway, view);
    }

    /** Returns whether a deployment waits in its application's lane and has not started a step. */
    private static boolean waitsInLane(DeploymentView view) {
        return view.status() == DeploymentStatus.QUEUED && view.steps().isEmpty();
    }

    private static void end(CommandGateway commandGateway, DeploymentView view, DeploymentStep step, String reason) {
        log.warn("deployment [{}] step [{}] ended at engine start: {}", view.id(), step, reason);
        commandGateway.sendAndWait(asCommandMessage(new FailDeploymentCommand(DeploymentId.of(view.id()), step,
                reason)).andMetaData(RequestContext.engine().toMetaData()));
    }

    /** Removes an ended deployment from its application's lane, so that the next queued one is admitted. */
    private static void admitNext(CommandGateway commandGateway, DeploymentView view) {
        try {
            commandGateway.sendAndWait(asCommandMessage(new AdmitNextDeploymentCommand(
                    ApplicationId.of(view.applicationId()), DeploymentId.of(view.id())))
                    .andMetaData(RequestContext.engine().toMetaData()));
        } catch (AggregateNotFoundException e) {
            log.info("deployment [{}] ended after its application [{}] was deleted", view.id(),
                    view.applicationId());
        }
    }

    /**
     * Fails a deployment that a stopped engine node held at {@code step}, or before its first step when
     * {@code step} is null, and removes what it started; its application then admits the next queued deployment.
     * A deployment that the read model already shows as ended is not failed again. When it is still its
     * application's lane holder, because the node stopped between the end and the lane's next admission, it leaves
     * the lane here as at a single engine's start: a succeeded one's release is recorded.
     *
     * @return whether the deployment was failed
     */
    public static boolean endOrphaned(CommandGateway commandGateway, DeploymentProjection deployments,
                                      ApplicationProjection applications, DeploymentStepRunner runner,
                                      DeploymentId deploymentId, DeploymentStep step, String stoppedNode) {
        DeploymentView view = deployments.handle(new FindDeploymentQuery(deploymentId)).orElse(null);
        if (view != null && view.status().isFinal()) {
            if (deploymentId.equals(deployments.laneHolders().get(ApplicationId.of(view.applicationId())))) {
                log.warn("deployment [{}] ended as {} on node [{}], which stopped before it left the lane of"
                        + " application [{}]", view.id(), view.status(), stoppedNode, view.applicationId());
                leaveLane(commandGateway, deployments, applications, runner, view, false);
            }
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
            admitNext(commandGateway, view);
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
        return servingDeployment(view, deployments, applications).map(DeploymentView::imageId).orElse(null);
    }

    /** Returns the deployment whose release serves the application of {@code view}, if any. */
    private static Optional<DeploymentView> servingDeployment(DeploymentView view, DeploymentProjection deployments,
                                                              ApplicationProjection applications) {
        return applications.handle(new FindApplicationQuery(ApplicationId.of(view.applicationId())))
                .map(ApplicationView::currentDeploymentId)
                .filter(current -> !current.equals(view.id()))
                .flatMap(current -> deployments.handle(new FindDeploymentQuery(DeploymentId.of(current))));
    }

    /**
     * Returns the step after the last one that succeeded, which is the step that ran when the engine stopped.
     * SWITCH_TRAFFIC follows the health check only when the application has domains.
     */
    private static DeploymentStep stepInProgress(DeploymentView view, boolean routesDomains) {
        if (view.steps().isEmpty()) {
            return DeploymentStep.RESOLVE_COMMIT;
        }
        DeploymentStep last = view.steps().get(view.steps().size() - 1).step();
        if (view.rollbackOf() != null && last == DeploymentStep.RESOLVE_COMMIT) {
            // A rollback skips check-out and build.
            return DeploymentStep.START_CONTAINER;
        }
        if (last == DeploymentStep.HEALTH_CHECK && !routesDomains) {
            return DeploymentStep.STOP_PREVIOUS;
        }
        DeploymentStep[] steps = DeploymentStep.values();
        return last.ordinal() + 1 < steps.length ? steps[last.ordinal() + 1] : last;
    }
}
