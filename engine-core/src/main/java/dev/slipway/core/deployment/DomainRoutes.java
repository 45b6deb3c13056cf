package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationProjection;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.DomainsSetEvent;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.readmodel.LiveReactions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes an application's new domains to the container of its current release once they are set, or removes its
 * route when they are removed, so that a change of domains needs no deployment. The work runs on the worker pool
 * after the change is committed, in the engine process that stored it.
 */
@ProcessingGroup(LiveReactions.PROCESSING_GROUP)
public final class DomainRoutes {

    private static final Logger log = LoggerFactory.getLogger(DomainRoutes.class);

    private final ApplicationProjection applications;
    private final DeploymentProjection deployments;
    private final DeploymentStepRunner runner;

    /** Creates the handler on the engine's read models and worker pool. */
    public DomainRoutes(ApplicationProjection applications, DeploymentProjection deployments,
                        DeploymentStepRunner runner) {
        this.applications = applications;
        this.deployments = deployments;
        this.runner = runner;
    }

    @EventHandler
    void on(DomainsSetEvent event) {
        ApplicationId applicationId = event.applicationId();
        Runnable submit = () -> {
            if (!runner.submitBookkeeping(() -> apply(event))) {
                log.warn("application [{}] domains {} set while the engine is closing or busy, so the proxy serves"
                        + " them from the next deployment or engine start", applicationId, event.domains());
            }
        };
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> submit.run());
        } else {
            submit.run();
        }
    }

    private void apply(DomainsSetEvent event) {
        ApplicationView application = applications.handle(new FindApplicationQuery(event.applicationId()))
                .orElse(null);
        if (application == null) {
            return;
        }
        DeploymentView serving = application.currentDeploymentId() == null ? null
                : deployments.handle(new FindDeploymentQuery(DeploymentId.of(application.currentDeploymentId())))
                        .orElse(null);
        runner.applyDomains(event.applicationId(), serving, event.domains(), application.runtime().containerPort());
    }
}
