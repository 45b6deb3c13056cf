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
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CommitSha;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;

/**
 * Waits until no other deployment of the application runs, then runs a deployment's steps. The steps resolve the
 * ref to a commit, check it out, build the image, start the container, check its health, stop the previous
 * release's container, and record the new release. Each step runs on the {@link DeploymentStepRunner}'s worker
 * pool, never on the event processor's thread, and reports its outcome back to the {@link Deployment} aggregate as
 * a command. The resulting event starts the next step. When a step fails or the deployment is cancelled, the saga
 * removes what the attempt started and the previous release keeps serving. When the deployment ends, the next
 * queued deployment of the application starts.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
@ProcessingGroup(DeploymentSaga.PROCESSING_GROUP)
public class DeploymentSaga {

    /** The processing group of the saga; its tracking processor starts at the head of the event stream. */
    public static final String PROCESSING_GROUP = "slipway-deployment-saga";

    private DeploymentId deploymentId;
    private ApplicationId applicationId;
    private ApplicationName applicationName;
    private SourceSpec source;
    private RuntimeSpec runtime;
    private ApplicationConfiguration configuration = ApplicationConfiguration.EMPTY;
    private Release previousRelease;
    private Release rollbackOf;
    private RequestContext requestContext;
    private CommitSha commit;
    private String imageId;
    private RunningContainer container;

    @StartSaga
    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(DeploymentRequestedEvent event, MetaData metaData, DeploymentStepRunner runner) {
        deploymentId = event.deploymentId();
        applicationId = event.applicationId();
        applicationName = event.applicationName();
        source = event.source();
        runtime = event.runtime();
        configuration = event.configuration();
        previousRelease = event.previousRelease();
        rollbackOf = event.rollbackOf();
        requestContext = RequestContext.fromMetaData(metaData);
        if (requestContext == null) {
            requestContext = RequestContext.engine();
        }
        runner.admit(task(), previousRelease);
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(DeploymentStartedEvent event, DeploymentStepRunner runner) {
        previousRelease = event.previousRelease();
        if (rollbackOf != null) {
            runner.resolveRollback(task(), applicationName, rollbackOf);
            return;
        }
        runner.resolveCommit(task(), applicationName, source);
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(CommitResolvedEvent event, DeploymentStepRunner runner) {
        commit = event.commit();
        if (rollbackOf != null) {
            // The image belongs to the earlier deployment, so imageId stays null and a failure never removes it.
            runner.startContainer(task(), applicationName, rollbackOf.imageId(), runtime, configuration);
            return;
        }
        runner.checkOut(task(), source, commit);
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(SourceCheckedOutEvent event, DeploymentStepRunner runner) {
        runner.buildImage(task(), source, commit, configuration);
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(ImageBuiltEvent event, DeploymentStepRunner runner) {
        imageId = event.imageId();
        runner.startContainer(task(), applicationName, imageId, runtime, configuration);
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(ContainerStartedEvent event, DeploymentStepRunner runner) {
        container = RunningContainer.fromUrl(event.containerId(), event.containerName(), event.url());
        runner.checkHealth(task(), container, runtime.healthCheck());
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(HealthCheckPassedEvent event, DeploymentStepRunner runner) {
        if (previousRelease == null) {
            runner.complete(task());
        } else {
            runner.stopPrevious(task(), previousRelease);
        }
    }

    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(PreviousContainerStoppedEvent event, DeploymentStepRunner runner) {
        runner.complete(task());
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(DeploymentSucceededEvent event, DeploymentStepRunner runner) {
        runner.recordRelease(task(), event.release());
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(DeploymentFailedEvent event, DeploymentStepRunner runner) {
        String containerId = container == null ? null : container.id();
        runner.cleanUp(task(), containerId, imageId, previousRelease);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "deploymentId")
    public void on(DeploymentCancelledEvent event, DeploymentStepRunner runner) {
        String containerId = container == null ? null : container.id();
        runner.cancel(task(), event.step() != null, containerId, imageId, previousRelease);
    }

    private DeploymentTask task() {
        return new DeploymentTask(deploymentId, applicationId, requestContext);
    }
}
