package dev.slipway.core.deployment;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationDeletedEvent;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.readmodel.LiveReactions;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what a deleted application ran. First its deployments that have not ended are cancelled. Once all have
 * ended, the containers, container names and image tags of every deployment are removed, and then the application's
 * network. The work runs on the worker pool after the deletion is committed, in the engine process that stored it,
 * because the handler runs on a subscribing processor.
 * <p>
 * NOTE: on several engine nodes with a Docker engine each, containers that another node's Docker engine runs stay.
 */
@ProcessingGroup(LiveReactions.PROCESSING_GROUP)
public final class ApplicationRemoval {

    /** How long the removal waits for cancelled deployments to end before it removes what is there. */
    static final Duration CANCEL_WAIT = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(ApplicationRemoval.class);
    private static final long POLL_MILLIS = 200;

    private final DeploymentProjection deployments;
    private final DeploymentStepRunner runner;
    private final Supplier<CommandGateway> commands;

    /** Creates the handler on the engine's deployment read model, worker pool and command gateway. */
    public ApplicationRemoval(DeploymentProjection deployments, DeploymentStepRunner runner,
                              Supplier<CommandGateway> commands) {
        this.deployments = deployments;
        this.runner = runner;
        this.commands = commands;
    }

    @EventHandler
    void on(ApplicationDeletedEvent event, EventMessage<?> message) {
        ApplicationId applicationId = event.applicationId();
        RequestContext deletion = causedBy(message);
        Runnable submit = () -> {
            if (!runner.submitBookkeeping(() -> remove(applicationId, deletion))) {
                log.warn("application [{}] deleted while the engine is closing or busy, so its containers, images"
                        + " and network stay; the orphan removal of the next start removes them unless the engine id"
                        + " is the default", applicationId);
            }
        };
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> submit.run());
        } else {
            submit.run();
        }
    }

    /**
     * Returns the context of the deletion request with the deletion event as causation id. The work runs outside the
     * event's unit of work, so Axon's correlation data providers do not copy it onto the commands.
     */
    private static RequestContext causedBy(EventMessage<?> message) {
        RequestContext context = RequestContext.fromMetaData(message.getMetaData());
        return (context == null ? RequestContext.engine() : context).withCausationId(message.getIdentifier());
    }

    private void remove(ApplicationId applicationId, RequestContext deletion) {
        List<DeploymentView> unfinished = deploymentsOf(applicationId).stream()
                .filter(view -> !view.status().isFinal())
                .toList();
        for (DeploymentView view : unfinished) {
            cancel(applicationId, view, deletion);
        }
        if (!awaitEnded(applicationId)) {
            log.warn("application [{}] deleted, but some of its deployments did not end within {} s; removing what"
                    + " they started now", applicationId, CANCEL_WAIT.toSeconds());
        }
        List<DeploymentView> all = deploymentsOf(applicationId);
        for (DeploymentView view : all) {
            runner.removeOfDeletedApplication(view);
        }
        runner.removeNetworkOfDeletedApplication(applicationId);
        log.info("application [{}] deleted: removed the containers, images and network of its {} deployments",
                applicationId, all.size());
    }

    private void cancel(ApplicationId applicationId, DeploymentView view, RequestContext deletion) {
        try {
            commands.get().sendAndWait(asCommandMessage(new CancelDeploymentCommand(DeploymentId.of(view.id())))
                    .andMetaData(deletion.toMetaData().and(RequestContext.ENGINE_ORIGIN, "true")));
            log.info("deployment [{}] cancelled because its application [{}] was deleted", view.id(),
                    applicationId);
        } catch (DeploymentNotCancellableException | AggregateNotFoundException e) {
            log.info("deployment [{}] of deleted application [{}] not cancelled: {}", view.id(), applicationId,
                    e.getMessage());
        } catch (RuntimeException e) {
            log.warn("deployment [{}] of deleted application [{}] cancel failed: {}", view.id(),
                    applicationId, e.toString());
        }
    }

    /** Waits until every deployment of the application has ended; returns false when some still run. */
    private boolean awaitEnded(ApplicationId applicationId) {
        long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
        while (deploymentsOf(applicationId).stream().anyMatch(view -> !view.status().isFinal())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private List<DeploymentView> deploymentsOf(ApplicationId applicationId) {
        return deployments.handle(new FindDeploymentsQuery(applicationId));
    }
}
