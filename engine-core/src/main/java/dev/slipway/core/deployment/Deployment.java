package dev.slipway.core.deployment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
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
                && (nextStep == null || nextStep == DeploymentStep.STOP_PREVIOUS)) {
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
    public void handle(RecordCommitResolvedCommand command) {
        requireNext(DeploymentStep.RESOLVE_COMMIT);
        apply(new CommitResolvedEvent(deploymentId, applicationId, ref, command.commit()));
    }

    @CommandHandler
    public void handle(RecordSourceCheckedOutCommand command) {
        requireNext(DeploymentStep.CHECK_OUT);
        apply(new SourceCheckedOutEvent(deploymentId, applicationId, commit));
    }

    @CommandHandler
    public void handle(RecordBuildSlotAwaitedCommand command) {
        requireNext(DeploymentStep.BUILD_IMAGE);
        apply(new BuildSlotAwaitedEvent(deploymentId, applicationId, command.reason()));
    }

    @CommandHandler
    public void handle(RecordBuildSlotTakenCommand command) {
        requireNext(DeploymentStep.BUILD_IMAGE);
        apply(new BuildSlotTakenEvent(deploymentId, applicationId));
    }

    @CommandHandler
    public void handle(RecordImageBuiltCommand command) {
        requireNext(DeploymentStep.BUILD_IMAGE);
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
        apply(new HealthCheckPassedEvent(deploymentId, applicationId, command.detail()));
    }

    @CommandHandler
    public void handle(RecordPreviousContainerStoppedCommand command) {
        requireNext(DeploymentStep.STOP_PREVIOUS);
        apply(new PreviousContainerStoppedEvent(deploymentId, applicationId, command.containerId()));
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
    public void handle(FailDeploymentCommand command) {
        if (status.isFinal()) {
            return;
        }
        apply(new DeploymentFailedEvent(deploymentId, applicationId, command.step(), command.reason()));
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
