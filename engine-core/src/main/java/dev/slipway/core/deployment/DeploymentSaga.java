package dev.slipway.core.deployment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationConfiguration;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.runtime.RunningContainer;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import java.time.Duration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;

/**
 * Runs a deployment's steps once its application admitted it to the lane, which happens when no other deployment
 * of the application runs. The steps resolve the ref to a commit, check it out, build the image, start the
 * container, check its health, stop the previous release's container, and record the new release. Each step runs
 * on the {@link DeploymentStepRunner}'s worker pool, never on the event processor's thread, and reports its outcome
 * back to the {@link Deployment} aggregate as a command. The resulting event starts the next step. When a step
 * fails or the deployment is cancelled, the saga removes what the attempt started and the previous release keeps
 * serving. When the deployment ends, the runner
 * sends the application an {@code AdmitNextDeploymentCommand}, which admits the next queued deployment.
 * <p>
 * Each step runs under a deadline of the {@link DeadlineManager}, set to the step's limit in {@link StepTimeLimits}.
 * A step that runs past it fails the deployment with the step and the limit in the reason, and is interrupted, so
 * that a build stops or a new container is removed while the previous release keeps serving.
 * NOTE: Axon's default deadline manager keeps deadlines in memory, so they end with the engine process. After a
 * restart, {@link DeploymentRecovery} ends the deployments that were running.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
@ProcessingGroup(DeploymentSaga.PROCESSING_GROUP)
public class DeploymentSaga {

    /** The processing group of the saga; its tracking processor starts at the head of the event stream. */
    public static final String PROCESSING_GROUP = "slipway-deployment-saga";

    /** The name of the deadline that limits the running step's time. */
    static final String STEP_DEADLINE = "slipway-step-deadline";

    private DeploymentId deploymentId;
    private ApplicationId applicationId;
    private ApplicationName applicationName;
    private SourceSpec source;
    private RuntimeSpec runtime;
    private ServerId serverId;
    private ApplicationConfiguration configuration = ApplicationConfiguration.EMPTY;
    private Release previousRelease;
    private Release rollbackOf;
    private RequestContext requestContext;
    private CommitSha commit;
    private String imageId;
    private RunningContainer container;
    private DeploymentStep runningStep;

    @StartSaga
    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(DeploymentRequestedEvent event, MetaData metaData, DeploymentStepRunner runner) {
        deploymentId = event.deploymentId();
        applicationId = event.applicationId();
        applicationName = event.applicationName();
        source = event.source();
        runtime = event.runtime();
        serverId = event.serverId();
        configuration = event.configuration();
        previousRelease = event.previousRelease();
        rollbackOf = event.rollbackOf();
        requestContext = RequestContext.fromMetaData(metaData);
        if (requestContext == null) {
            requestContext = RequestContext.engine();
        }
        runner.hold(task());
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(DeploymentAdmittedEvent event, DeploymentStepRunner runner) {
        runner.start(task(), event.previousRelease());
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(DeploymentStartedEvent event, DeploymentStepRunner runner, DeadlineManager deadlines) {
        previousRelease = event.previousRelease();
        startStep(DeploymentStep.RESOLVE_COMMIT, runner, deadlines);
        if (rollbackOf != null) {
            runner.resolveRollback(task(), applicationName, rollbackOf);
            return;
        }
        runner.resolveCommit(task(), applicationName, source, runtime);
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(CommitResolvedEvent event, DeploymentStepRunner runner, DeadlineManager deadlines) {
        commit = event.commit();
        if (rollbackOf != null) {
            // The image belongs to the earlier deployment, so imageId stays null and a failure never removes it.
            startStep(DeploymentStep.START_CONTAINER, runner, deadlines);
            runner.startContainer(task(), applicationName, rollbackOf.imageId(), runtime, configuration,
                    previousRelease);
            return;
        }
        startStep(DeploymentStep.CHECK_OUT, runner, deadlines);
        runner.checkOut(task(), source, commit);
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(SourceCheckedOutEvent event, DeploymentStepRunner runner, DeadlineManager deadlines) {
        startStep(DeploymentStep.BUILD_IMAGE, runner, deadlines);
        runner.buildImage(task(), serverId == null ? ServerId.LOCAL : serverId, source, commit, configuration);
    }

    /**
     * Runs a step again that a stopped engine node was running. A node that handled the step's starting event again
     * after it took over the saga's segment has started the step itself, so it does not start it a second time.
     */
    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(DeploymentStepResumedEvent event, DeploymentStepRunner runner, DeadlineManager deadlines) {
        if (runner.startedLast(deploymentId, event.step())) {
            return;
        }
        startStep(event.step(), runner, deadlines);
        switch (event.step()) {
            case RESOLVE_COMMIT -> {
                if (rollbackOf != null) {
                    runner.resolveRollback(task(), applicationName, rollbackOf);
                } else {
                    runner.resolveCommit(task(), applicationName, source, runtime);
                }
            }
            case CHECK_OUT -> runner.checkOut(task(), source, commit);
            case BUILD_IMAGE -> runner.buildImage(task(),
                    serverId == null ? ServerId.LOCAL : serverId, source, commit, configuration);
            default -> throw new IllegalStateException("Step " + event.step() + " of deployment " + deploymentId
                    + " cannot run again after a node stopped");
        }
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(ImageBuiltEvent event, DeploymentStepRunner runner, DeadlineManager deadlines) {
        imageId = event.imageId();
        startStep(DeploymentStep.START_CONTAINER, runner, deadlines);
        runner.startContainer(task(), applicationName, imageId, runtime, configuration, previousRelease);
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(ContainerStartedEvent event, DeploymentStepRunner runner, DeadlineManager deadlines) {
        container = RunningContainer.fromUrl(event.containerId(), event.containerName(), event.url());
        startStep(DeploymentStep.HEALTH_CHECK, runner, deadlines);
        runner.checkHealth(task(), container, runtime.healthCheck(), runtime.domains());
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(HealthCheckPassedEvent event, DeploymentStepRunner runner, DeadlineManager deadlines) {
        if (!event.domains().isEmpty()) {
            startStep(DeploymentStep.SWITCH_TRAFFIC, runner, deadlines);
            runner.switchTraffic(task(), event.domains(), container, runtime.containerPort());
            return;
        }
        stopPreviousOrComplete(runner, deadlines);
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(TrafficSwitchedEvent event, DeploymentStepRunner runner, DeadlineManager deadlines) {
        stopPreviousOrComplete(runner, deadlines);
    }

    private void stopPreviousOrComplete(DeploymentStepRunner runner, DeadlineManager deadlines) {
        if (previousRelease == null) {
            endSteps(deadlines);
            runner.complete(task());
        } else {
            startStep(DeploymentStep.STOP_PREVIOUS, runner, deadlines);
            runner.stopPrevious(task(), previousRelease);
        }
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(PreviousContainerStoppedEvent event, DeploymentStepRunner runner, DeadlineManager deadlines) {
        endSteps(deadlines);
        runner.complete(task());
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(DeploymentSucceededEvent event, DeploymentStepRunner runner, DeadlineManager deadlines) {
        endSteps(deadlines);
        runner.recordRelease(task(), event.release());
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(DeploymentFailedEvent event, DeploymentStepRunner runner, DeadlineManager deadlines) {
        endSteps(deadlines);
        String containerId = container == null ? null : container.id();
        runner.cleanUp(task(), containerId, imageId, previousRelease);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(DeploymentCancelledEvent event, DeploymentStepRunner runner, DeadlineManager deadlines) {
        endSteps(deadlines);
        String containerId = container == null ? null : container.id();
        runner.cancel(task(), event.step() != null, containerId, imageId, previousRelease);
    }

    /**
     * Fails the deployment when the step that the deadline was set for still runs. A deadline of an earlier step
     * that fired while its successor was being set up is ignored.
     */
    @DeadlineHandler(deadlineName = STEP_DEADLINE)
    public void on(StepDeadline deadline, DeploymentStepRunner runner) {
        if (deadline.step() != runningStep) {
            return;
        }
        runningStep = null;
        runner.timeOut(task(), deadline.step(), deadline.limit());
    }

    private void startStep(DeploymentStep step, DeploymentStepRunner runner, DeadlineManager deadlines) {
        deadlines.cancelAllWithinScope(STEP_DEADLINE);
        runningStep = step;
        Duration limit = runner.timeLimit(step);
        deadlines.schedule(limit, STEP_DEADLINE, new StepDeadline(step, limit));
    }

    private void endSteps(DeadlineManager deadlines) {
        runningStep = null;
        deadlines.cancelAllWithinScope(STEP_DEADLINE);
    }

    /**
     * Returns the task of the step that the event being handled starts. Its commands name that event as their
     * causation id, so the events of a deployment form a chain back to the request.
     */
    private DeploymentTask task() {
        RequestContext context = requestContext;
        if (CurrentUnitOfWork.isStarted()) {
            context = context.withCausationId(CurrentUnitOfWork.get().getMessage().getIdentifier());
        }
        return new DeploymentTask(deploymentId, applicationId, context);
    }
}
