package dev.slipway.core.deployment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * One attempt to bring a commit of an application live. A requested deployment waits in its application's lane,
 * which the application aggregate stores, until no other deployment of the application runs. Then the deployment
 * saga runs its steps and reports each outcome back as a command. This aggregate accepts a step's outcome only
 * when that step is the next one, so a late or repeated report can never move a finished or cancelled deployment.
 */
public class Deployment {

    @AggregateIdentifier
    private DeploymentId deploymentId;
    private ApplicationId applicationId;
    private DeploymentStatus status;
    private DeploymentStep nextStep;
    private boolean replacesRelease;
    private GitRef ref;
    private CommitSha commit;
    private String imageId;
    /** The image of the earlier deployment that a rollback starts again, or null when this deployment builds one. */
    private String rollbackImageId;
    private String containerId;
    private String containerName;
    private String url;
    /** The step that runs again after a take-over, and the engine nodes that were taken over during it. */
    private DeploymentStep resumedStep;
    private Set<String> stoppedNodes = new HashSet<>();

    protected Deployment() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    /** Starts a deployment; called by the application aggregate when a deployment is requested. */
    public Deployment(DeploymentRequestedEvent event) {
        apply(event);
    }

    /**
     * Starts a deployment whose request carried an idempotency key. The key travels as metadata of the requested
     * event, so that the audit trail shows it; the application aggregate records it for repeated requests.
     */
    public Deployment(DeploymentRequestedEvent event, IdempotencyKey idempotencyKey) {
        apply(event, idempotencyKey == null ? MetaData.emptyInstance()
                : MetaData.with(IdempotencyKey.METADATA_KEY, idempotencyKey.value()));
    }

    @CommandHandler
    public void handle(StartDeploymentCommand command) {
        if (status != DeploymentStatus.REQUESTED && status != DeploymentStatus.QUEUED) {
            throw new StepOutOfOrderException(deploymentId, status, nextStep, "start");
        }
        apply(new DeploymentStartedEvent(deploymentId, applicationId, command.previousRelease()));
    }

    @CommandHandler
    public void handle(CancelDeploymentCommand command, MetaData metaData) {
        if (status.isFinal()) {
            throw new DeploymentNotCancellableException("Unable to cancel deployment '" + deploymentId
                    + "': it already ended as " + status + ".");
        }
        if (status == DeploymentStatus.RUNNING
                && (nextStep == null || nextStep == DeploymentStep.SWITCH_TRAFFIC
                || nextStep == DeploymentStep.STOP_PREVIOUS)) {
            throw new DeploymentNotCancellableException("Unable to cancel deployment '" + deploymentId
                    + "': its new release passed the health check and is taking over. Roll back or deploy again"
                    + " once it ends.");
        }
        RequestContext context = RequestContext.fromMetaData(metaData);
        String caller = context == null ? "the engine" : context.caller().toString();
        String reason = status == DeploymentStatus.RUNNING
                ? "Cancelled by " + caller + " during step " + nextStep + "."
                : "Cancelled by " + caller + " before it started.";
        DeploymentStep step = status == DeploymentStatus.RUNNING ? nextStep : null;
        apply(new DeploymentCancelledEvent(deploymentId, applicationId, step, reason));
    }

    @CommandHandler
    public void handle(RecordCommitResolvedCommand command, MetaData metaData) {
        requireNext(DeploymentStep.RESOLVE_COMMIT);
        requireResumingNode(DeploymentStep.RESOLVE_COMMIT, metaData);
        apply(new CommitResolvedEvent(deploymentId, applicationId, ref, command.commit()));
    }

    @CommandHandler
    public void handle(RecordSourceCheckedOutCommand command, MetaData metaData) {
        requireNext(DeploymentStep.CHECK_OUT);
        requireResumingNode(DeploymentStep.CHECK_OUT, metaData);
        apply(new SourceCheckedOutEvent(deploymentId, applicationId, commit));
    }

    @CommandHandler
    public void handle(RecordBuildSlotAwaitedCommand command, MetaData metaData) {
        requireNext(DeploymentStep.BUILD_IMAGE);
        requireResumingNode(DeploymentStep.BUILD_IMAGE, metaData);
        apply(new BuildSlotAwaitedEvent(deploymentId, applicationId, command.reason()));
    }

    @CommandHandler
    public void handle(RecordBuildSlotTakenCommand command, MetaData metaData) {
        requireNext(DeploymentStep.BUILD_IMAGE);
        requireResumingNode(DeploymentStep.BUILD_IMAGE, metaData);
        apply(new BuildSlotTakenEvent(deploymentId, applicationId));
    }

    @CommandHandler
    public void handle(RecordImageBuiltCommand command, MetaData metaData) {
        requireNext(DeploymentStep.BUILD_IMAGE);
        requireResumingNode(DeploymentStep.BUILD_IMAGE, metaData);
        apply(new ImageBuiltEvent(deploymentId, applicationId, command.imageId(), command.imageTag()));
    }

    @CommandHandler
    public void handle(RecordContainerStartedCommand command) {
        requireNext(DeploymentStep.START_CONTAINER);
        apply(new ContainerStartedEvent(deploymentId, applicationId, command.containerId(), command.containerName(),
                command.url()));
    }

    @CommandHandler
    public void handle(RecordHealthCheckPassedCommand command) {
        requireNext(DeploymentStep.HEALTH_CHECK);
        apply(new HealthCheckPassedEvent(deploymentId, applicationId, command.detail(), command.domains()));
    }

    @CommandHandler
    public void handle(RecordTrafficSwitchedCommand command) {
        requireNext(DeploymentStep.SWITCH_TRAFFIC);
        apply(new TrafficSwitchedEvent(deploymentId, applicationId, command.domains(), command.containerName()));
    }

    @CommandHandler
    public void handle(RecordPreviousContainerStoppedCommand command) {
        requireNext(DeploymentStep.STOP_PREVIOUS);
        apply(new PreviousContainerStoppedEvent(deploymentId, applicationId, command.containerId()));
    }

    /**
     * Starts the next step again after the engine node that ran it stopped. The step must still be the next one,
     * so a step whose outcome the stopped node recorded is never run twice.
     */
    @CommandHandler
    public void handle(ResumeDeploymentStepCommand command) {
        requireNext(command.step());
        apply(new DeploymentStepResumedEvent(deploymentId, applicationId, command.step(), command.stoppedNode()));
    }

    @CommandHandler
    public void handle(CompleteDeploymentCommand command) {
        if (status != DeploymentStatus.RUNNING || nextStep != null) {
            throw new StepOutOfOrderException(deploymentId, status, nextStep, "complete");
        }
        Release release = new Release(deploymentId, commit, imageId, containerId, containerName, url);
        apply(new DeploymentSucceededEvent(deploymentId, applicationId, release));
    }

    /** Fails the deployment; a deployment that has already ended stays as it is. */
    @CommandHandler
    public void handle(FailDeploymentCommand command, MetaData metaData) {
        if (status.isFinal()) {
            return;
        }
        if (command.step() != null && command.step() == nextStep) {
            requireResumingNode(command.step(), metaData);
        }
        apply(new DeploymentFailedEvent(deploymentId, applicationId, command.step(), command.reason()));
    }

    /**
     * Rejects the outcome of a step that runs again after a take-over when it comes from a node that was taken over,
     * such as a node that stopped responding for longer than the claim timeout and then went on.
     */
    private void requireResumingNode(DeploymentStep step, MetaData metaData) {
        Object node = metaData.get(DeploymentStepRunner.NODE_ID);
        if (step == resumedStep && node != null && stoppedNodes.contains(node.toString())) {
            throw new StepTakenOverException(deploymentId, step, node.toString());
        }
    }

    private void requireNext(DeploymentStep step) {
        if (status.isFinal() || nextStep != step) {
            throw new StepOutOfOrderException(deploymentId, status, nextStep, step.name());
        }
    }

    @EventSourcingHandler
    void on(DeploymentRequestedEvent event) {
        deploymentId = event.deploymentId();
        applicationId = event.applicationId();
        ref = event.source().ref();
        replacesRelease = event.previousRelease() != null;
        rollbackImageId = event.rollbackOf() == null ? null : event.rollbackOf().imageId();
        status = DeploymentStatus.REQUESTED;
        nextStep = null;
    }

    /** Sources the QUEUED state that engine versions before the application's lane stored in the deployment. */
    @EventSourcingHandler
    void on(DeploymentQueuedEvent event) {
        status = DeploymentStatus.QUEUED;
    }

    @EventSourcingHandler
    void on(DeploymentStepResumedEvent event) {
        if (event.step() != resumedStep) {
            stoppedNodes = new HashSet<>();
        }
        resumedStep = event.step();
        stoppedNodes.add(event.stoppedNode());
    }

    @EventSourcingHandler
    void on(DeploymentStartedEvent event) {
        replacesRelease = event.previousRelease() != null;
        status = DeploymentStatus.RUNNING;
        nextStep = DeploymentStep.RESOLVE_COMMIT;
    }

    @EventSourcingHandler
    void on(CommitResolvedEvent event) {
        commit = event.commit();
        if (rollbackImageId == null) {
            nextStep = DeploymentStep.CHECK_OUT;
        } else {
            // A rollback neither checks out nor builds: it starts the image of the earlier deployment.
            imageId = rollbackImageId;
            nextStep = DeploymentStep.START_CONTAINER;
        }
    }

    @EventSourcingHandler
    void on(SourceCheckedOutEvent event) {
        nextStep = DeploymentStep.BUILD_IMAGE;
    }

    @EventSourcingHandler
    void on(ImageBuiltEvent event) {
        imageId = event.imageId();
        nextStep = DeploymentStep.START_CONTAINER;
    }

    @EventSourcingHandler
    void on(ContainerStartedEvent event) {
        containerId = event.containerId();
        containerName = event.containerName();
        url = event.url();
        nextStep = DeploymentStep.HEALTH_CHECK;
    }

    @EventSourcingHandler
    void on(HealthCheckPassedEvent event) {
        if (!event.domains().isEmpty()) {
            nextStep = DeploymentStep.SWITCH_TRAFFIC;
        } else {
            nextStep = replacesRelease ? DeploymentStep.STOP_PREVIOUS : null;
        }
    }

    @EventSourcingHandler
    void on(TrafficSwitchedEvent event) {
        nextStep = replacesRelease ? DeploymentStep.STOP_PREVIOUS : null;
    }

    @EventSourcingHandler
    void on(PreviousContainerStoppedEvent event) {
        nextStep = null;
    }

    @EventSourcingHandler
    void on(DeploymentSucceededEvent event) {
        status = DeploymentStatus.SUCCEEDED;
    }

    @EventSourcingHandler
    void on(DeploymentFailedEvent event) {
        status = DeploymentStatus.FAILED;
        nextStep = null;
    }

    @EventSourcingHandler
    void on(DeploymentCancelledEvent event) {
        status = DeploymentStatus.CANCELLED;
        nextStep = null;
    }
}
