package dev.slipway.core.application;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

import dev.slipway.core.deployment.Deployment;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentRequestedEvent;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.SourcePolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * An application: its source, how it runs, its server, and the release that serves it. Requesting a deployment
 * creates a {@link Deployment} aggregate with the application's configuration at that moment.
 */
public class Application {

    @AggregateIdentifier
    private ApplicationId applicationId;
    private ApplicationName name;
    private SourceSpec source;
    private RuntimeSpec runtime;
    private ServerId serverId;
    private Release release;

    protected Application() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    public Application(CreateApplicationCommand command, SourcePolicy sourcePolicy, ApplicationNames names) {
        sourcePolicy.check(command.source().repositoryUrl());
        names.claim(command.name(), command.applicationId());
        ServerId server = command.serverId() == null ? ServerId.LOCAL : command.serverId();
        apply(new ApplicationCreatedEvent(command.applicationId(), command.name(), command.source(), command.runtime(),
                server));
    }

    @CommandHandler
    public DeploymentId handle(RequestDeploymentCommand command) throws Exception {
        SourceSpec requested = command.ref() == null ? source : source.withRef(command.ref());
        DeploymentRequestedEvent requestedEvent = new DeploymentRequestedEvent(command.deploymentId(), applicationId,
                name, requested, runtime, serverId, release);
        createNew(Deployment.class, () -> new Deployment(requestedEvent));
        return command.deploymentId();
    }

    @CommandHandler
    public void handle(RecordReleaseCommand command) {
        apply(new ReleaseRecordedEvent(applicationId, command.release()));
    }

    @EventSourcingHandler
    void on(ApplicationCreatedEvent event) {
        applicationId = event.applicationId();
        name = event.name();
        source = event.source();
        runtime = event.runtime();
        serverId = event.serverId();
    }

    @EventSourcingHandler
    void on(ReleaseRecordedEvent event) {
        release = event.release();
    }
}
