package dev.slipway.core.deployment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * One attempt to bring a commit of an application live. The deployment saga runs its steps and reports each
 * outcome back as a command; this aggregate accepts a step's outcome only when that step is the next one, so a late
 * or repeated report can never move a finished deployment.
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
        status = DeploymentStatus.REQUESTED;
        nextStep = DeploymentStep.RESOLVE_COMMIT;
    }

    @EventSourcingHandler
    void on(CommitResolvedEvent event) {
        commit = event.commit();
        status = DeploymentStatus.RUNNING;
        nextStep = DeploymentStep.CHECK_OUT;
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
}
