package dev.slipway.web;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.RequestRollbackCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SetDomainsCommand;
import dev.slipway.core.application.SetImageRetentionCommand;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.engine.EngineComponents;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.InvalidInputException;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends rollback, image retention and domain commands for both frontends, with the caller's request context.
 */
public class ReleaseGateway {

    private static final Logger log = LoggerFactory.getLogger(ReleaseGateway.class);
    private static final String APPLICATION = "application";
    private static final String ROLLBACK_TARGET_FIELD = "rollbackOf";
    private static final String DEPLOYMENT_ID_FIELD = "deploymentId";

    private final CommandGateway commandGateway;
    private final EngineGateway engine;
    private final EngineComponents components;

    public ReleaseGateway(CommandGateway commandGateway, EngineGateway engine) {
        this(commandGateway, engine, null);
    }

    /**
     * Creates a gateway that also rejects a rollback to a deployment whose image was removed before it creates a
     * deployment, when {@code components} is not null.
     */
    public ReleaseGateway(CommandGateway commandGateway, EngineGateway engine, EngineComponents components) {
        this.commandGateway = commandGateway;
        this.engine = engine;
        this.components = components;
    }

    /**
     * Requests a rollback of an application to the image of {@code target}, an earlier succeeded deployment, and
     * returns the new deployment as the read model shows it right after the request. A rollback to an image that no
     * longer exists is rejected. An image removed after the request fails the new deployment in its first step, and
     * the serving release stays.
     *
     * @throws NotFoundException     when the application does not exist
     * @throws StepFailedException   when the target's image no longer exists, naming the commit to deploy again
     * @throws InvalidInputException naming {@code deploymentId} when {@code target} is not a UUID, not a
     *                               succeeded deployment of the application, or the release that serves it now
     */
    public DeploymentView requestRollback(ApplicationId applicationId, String target, RequestContext context) {
        DeploymentId targetId = DeploymentId.of(target);
        DeploymentId deploymentId = DeploymentId.random();
        if (components != null) {
            // The look-up reads another team's application as not found before the image is checked.
            engine.findApplication(applicationId, context);
            DeploymentEngine.requireRollbackImage(components, applicationId, targetId);
        }
        try {
            send(new RequestRollbackCommand(applicationId, deploymentId, targetId), applicationId, context);
        } catch (InvalidInputException e) {
            // The aggregate names the target rollbackOf, after its event field, but both frontends take deploymentId.
            if (!ROLLBACK_TARGET_FIELD.equals(e.field())) {
                throw e;
            }
            throw new InvalidInputException(DEPLOYMENT_ID_FIELD, e.rule(), e.rejectedValue());
        }
        log.info("deployment [{}] of application [{}] rolls back to deployment [{}], requested by [{}] in request"
                + " [{}]", deploymentId, applicationId, targetId, context.caller(), context.correlationId());
        return engine.findDeployment(deploymentId, context);
    }

    /**
     * Sets how many images of its latest releases an application keeps for rollbacks; null restores the engine's
     * default.
     *
     * @throws NotFoundException when the application does not exist
     * @throws dev.slipway.core.spec.InvalidInputException when {@code keptImages} is out of range
     */
    public void setImageRetention(ApplicationId applicationId, Integer keptImages, RequestContext context) {
        send(new SetImageRetentionCommand(applicationId, keptImages), applicationId, context);
        log.info("application [{}] keeps {} release image(s), set by [{}] in request [{}]", applicationId,
                keptImages == null ? "the engine's default number of" : keptImages, context.caller(),
                context.correlationId());
    }

    /**
     * Replaces an application's domains and returns the application. The proxy serves them from the current release
     * once the change is stored.
     *
     * @throws NotFoundException when the application does not exist
     * @throws dev.slipway.core.spec.InvalidInputException when a domain is malformed or belongs to another
     *                                                     application, or the engine has no proxy
     * @throws dev.slipway.core.application.DeploymentRunningException while a deployment of the application runs
     */
    public ApplicationView setDomains(ApplicationId applicationId, List<String> domains, RequestContext context) {
        if (domains == null) {
            throw new InvalidInputException(DomainName.FIELD, "must not be empty; send [] for no domains", null);
        }
        if (domains.size() > RuntimeSpec.MAX_ENTRIES) {
            throw new InvalidInputException(DomainName.FIELD, "must have at most " + RuntimeSpec.MAX_ENTRIES
                    + " entries", Integer.toString(domains.size()));
        }
        List<DomainName> parsed = domains.stream().map(DomainName::new).toList();
        send(new SetDomainsCommand(applicationId, parsed), applicationId, context);
        log.info("application [{}] domains set to {} by [{}] in request [{}]", applicationId, parsed,
                context.caller(), context.correlationId());
        return engine.findApplication(applicationId, context);
    }

    private void send(Object command, ApplicationId applicationId, RequestContext context) {
        try {
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(context.toMetaData()));
        } catch (RuntimeException e) {
            Throwable cause = EngineFailures.unwrap(e);
            if (cause instanceof AggregateNotFoundException) {
                throw new NotFoundException(APPLICATION, applicationId.toString());
            }
            throw cause instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
