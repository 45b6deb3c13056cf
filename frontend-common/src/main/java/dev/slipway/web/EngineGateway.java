package dev.slipway.web;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.access.AccessDenials;
import dev.slipway.core.access.AccessDeniedException;
import dev.slipway.core.access.AccessRules;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.Role;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationPage;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.FindApplicationPageQuery;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.application.FindApplicationsQuery;
import dev.slipway.core.application.RequestDeploymentCommand;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.audit.FindAuditEventsQuery;
import dev.slipway.core.deployment.CancelDeploymentCommand;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentNotCancellableException;
import dev.slipway.core.deployment.DeploymentPage;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.deployment.FindDeploymentPageQuery;
import dev.slipway.core.deployment.FindDeploymentQuery;
import dev.slipway.core.deployment.FindDeploymentsQuery;
import dev.slipway.core.deployment.IdempotencyKey;
import dev.slipway.core.readmodel.ReadModelReplayer;
import dev.slipway.core.readmodel.ReplayListener;
import dev.slipway.core.readmodel.ReplayProgress;
import dev.slipway.core.readmodel.ReplayReport;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.team.AddTeamMemberCommand;
import dev.slipway.core.team.TeamId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the engine's commands and queries on behalf of a web request, so that both frontends validate input, attach
 * the caller and report a missing resource in the same way. Every message carries the request's context as
 * metadata. Exceptions come out unwrapped: the one a handler threw, or {@link NotFoundException} for an unknown
 * aggregate.
 */
public class EngineGateway {

    /** Number of audit entries returned when a request names no limit. */
    public static final int DEFAULT_AUDIT_LIMIT = 100;
    /** Maximum number of audit entries one request may ask for. */
    public static final int MAX_AUDIT_LIMIT = 1000;
    /** Rule of the audit limit, as rejections state it. */
    public static final String AUDIT_LIMIT_RULE = "must be a whole number from 1 to " + MAX_AUDIT_LIMIT;

    private static final Logger log = LoggerFactory.getLogger(EngineGateway.class);
    private static final String APPLICATION = "application";
    private static final String DEPLOYMENT = "deployment";
    /** How long a repeated request waits for the read model to show an earlier deployment of another node. */
    private static final Duration EARLIER_DEPLOYMENT_WAIT = Duration.ofSeconds(5);

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final ReadModelReplayer replayer;
    private final AccessRules rules;
    private final AccessDenials denials;

    /** Creates a gateway whose read model replay only the engine itself may start. */
    public EngineGateway(CommandGateway commandGateway, QueryGateway queryGateway, ReadModelReplayer replayer) {
        this(commandGateway, queryGateway, replayer, null);
    }

    /**
     * Creates a gateway whose read model replay callers with the role {@link Role#ADMIN} in the default team of
     * {@code rules} may start as well.
     */
    public EngineGateway(CommandGateway commandGateway, QueryGateway queryGateway, ReadModelReplayer replayer,
                         AccessRules rules) {
        this(commandGateway, queryGateway, replayer, rules, null);
    }

    /**
     * Creates a gateway like {@link #EngineGateway(CommandGateway, QueryGateway, ReadModelReplayer, AccessRules)}
     * that stores each denied replay in the audit log through {@code denials}, as the engine stores denied commands
     * and queries.
     */
    public EngineGateway(CommandGateway commandGateway, QueryGateway queryGateway, ReadModelReplayer replayer,
                         AccessRules rules, AccessDenials denials) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.replayer = replayer;
        this.rules = rules;
        this.denials = denials;
    }

    /** Creates an application on the local server and returns it as the read model shows it. */
    public ApplicationView createApplication(ApplicationInput input, RequestContext context) {
        CreateApplicationCommand command = input.toCommand(ApplicationId.random());
        try {
            send(command, context, null, null);
        } catch (AggregateNotFoundException e) {
            // The new application's id is random, so what is missing is the team or the server that the input names.
            String missing = String.valueOf(e.getAggregateIdentifier());
            boolean team = command.teamId() != null && command.teamId().toString().equals(missing);
            boolean server = command.serverId() != null && command.serverId().toString().equals(missing);
            throw new NotFoundException(team ? "team" : server ? "server" : APPLICATION, missing);
        }
        log.info("application [{}] created by [{}] in request [{}]", command.applicationId(), context.caller(),
                context.correlationId());
        return findApplication(command.applicationId(), context);
    }

    /**
     * Returns every application the caller may see, newest first, in one list however many there are. The frontends
     * read pages with {@link #findApplicationPage}.
     */
    public List<ApplicationView> findApplications(RequestContext context) {
        return query(new FindApplicationsQuery(), ResponseTypes.multipleInstancesOf(ApplicationView.class), context);
    }

    /**
     * Returns one page of the applications the caller may see, newest first.
     *
     * @param after the end cursor of the previous page, or null or empty for the first page
     * @param first the maximum number of applications on the page, from 1 to 1000
     * @throws InvalidInputException naming {@code first} when it is out of range, or {@code after} when it is no
     *                               cursor of an application page
     */
    public ApplicationPage findApplicationPage(String after, int first, RequestContext context) {
        return query(new FindApplicationPageQuery(emptyToNull(after), first),
                ResponseTypes.instanceOf(ApplicationPage.class), context);
    }

    /**
     * Returns one application.
     *
     * @throws NotFoundException when it does not exist or the caller may not see it
     */
    public ApplicationView findApplication(ApplicationId applicationId, RequestContext context) {
        Optional<ApplicationView> found = query(new FindApplicationQuery(applicationId),
                ResponseTypes.optionalInstanceOf(ApplicationView.class), context);
        return found.orElseThrow(() -> new NotFoundException(APPLICATION, applicationId.toString()));
    }

    /**
     * Requests a deployment of an application at {@code ref}, or at its configured ref when {@code ref} is null, and
     * returns the deployment as the read model shows it right after the request.
     *
     * @throws NotFoundException when the application does not exist or the caller may not see it
     */
    public DeploymentView requestDeployment(ApplicationId applicationId, String ref, RequestContext context) {
        return requestDeployment(applicationId, ref, null, context);
    }

    /**
     * Requests a deployment like {@link #requestDeployment(ApplicationId, String, RequestContext)}; when
     * {@code idempotencyKey} is not null and an earlier request of the application carried the same key, returns
     * that earlier deployment and starts none.
     *
     * @throws InvalidInputException when the key is not 1 to 128 characters from {@code A-Z a-z 0-9 . _ : -}
     */
    public DeploymentView requestDeployment(ApplicationId applicationId, String ref, String idempotencyKey,
                                            RequestContext context) {
        GitRef gitRef = ref == null ? null : new GitRef(ref);
        IdempotencyKey key = idempotencyKey == null ? null : new IdempotencyKey(idempotencyKey);
        DeploymentId requested = DeploymentId.random();
        Object result = send(new RequestDeploymentCommand(applicationId, requested, gitRef, key), context, APPLICATION,
                applicationId.toString());
        DeploymentId deploymentId = result instanceof DeploymentId returned ? returned : requested;
        log.info("deployment [{}] of application [{}] requested by [{}] in request [{}]", deploymentId,
                applicationId, context.caller(), context.correlationId());
        if (!deploymentId.equals(requested)) {
            return awaitEarlierDeployment(deploymentId, context);
        }
        return findDeployment(deploymentId, context);
    }

    /**
     * Returns the earlier deployment that a repeated idempotency key named. On a cluster node it may have been
     * requested on another node, whose events this node's read model shows only after its next poll, so the read
     * model is asked again for up to {@link #EARLIER_DEPLOYMENT_WAIT}.
     */
    private DeploymentView awaitEarlierDeployment(DeploymentId deploymentId, RequestContext context) {
        long deadline = System.nanoTime() + EARLIER_DEPLOYMENT_WAIT.toNanos();
        while (true) {
            try {
                return findDeployment(deploymentId, context);
            } catch (NotFoundException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotFoundException(DEPLOYMENT, deploymentId.toString());
            }
        }
    }

    /**
     * Cancels a queued or running deployment and returns it as the read model shows it right after.
     *
     * @throws NotFoundException when the deployment does not exist or the caller may not see it
     * @throws DeploymentNotCancellableException when it ended or its new release is taking over
     */
    public DeploymentView cancelDeployment(DeploymentId deploymentId, RequestContext context) {
        send(new CancelDeploymentCommand(deploymentId), context, DEPLOYMENT, deploymentId.toString());
        log.info("deployment [{}] cancelled by [{}] in request [{}]", deploymentId, context.caller(),
                context.correlationId());
        return findDeployment(deploymentId, context);
    }

    /**
     * Returns the deployments of one application, or of every application when {@code applicationId} is null,
     * newest first, in one list however many there are. The frontends read pages with {@link #findDeploymentPage}.
     *
     * @throws NotFoundException when the application does not exist or the caller may not see it
     */
    public List<DeploymentView> findDeployments(ApplicationId applicationId, RequestContext context) {
        if (applicationId != null) {
            findApplication(applicationId, context);
        }
        return query(new FindDeploymentsQuery(applicationId), ResponseTypes.multipleInstancesOf(DeploymentView.class),
                context);
    }

    /**
     * Returns one page of the deployments of one application, or of every application the caller may see when
     * {@code applicationId} is null, newest first.
     *
     * @param after the end cursor of the previous page, or null or empty for the first page
     * @param first the maximum number of deployments on the page, from 1 to 1000
     * @throws NotFoundException     when the application does not exist or the caller may not see it
     * @throws InvalidInputException naming {@code first} when it is out of range, or {@code after} when it is no
     *                               cursor of a deployment page
     */
    public DeploymentPage findDeploymentPage(ApplicationId applicationId, String after, int first,
                                             RequestContext context) {
        if (applicationId != null) {
            findApplication(applicationId, context);
        }
        return query(new FindDeploymentPageQuery(applicationId, emptyToNull(after), first),
                ResponseTypes.instanceOf(DeploymentPage.class), context);
    }

    /**
     * Returns one deployment with its steps.
     *
     * @throws NotFoundException when it does not exist or the caller may not see it
     */
    public DeploymentView findDeployment(DeploymentId deploymentId, RequestContext context) {
        Optional<DeploymentView> found = query(new FindDeploymentQuery(deploymentId),
                ResponseTypes.optionalInstanceOf(DeploymentView.class), context);
        return found.orElseThrow(() -> new NotFoundException(DEPLOYMENT, deploymentId.toString()));
    }

    /**
     * Returns audit entries, newest first.
     *
     * @param resourceId the UUID of the resource whose entries to return, or null for all entries
     * @param limit      the maximum number of entries, from 1 to {@value #MAX_AUDIT_LIMIT}, or null for
     *                   {@value #DEFAULT_AUDIT_LIMIT}
     * @throws InvalidInputException when the resource id is not a UUID or the limit is out of range
     */
    public List<AuditEntry> findAuditEvents(String resourceId, Integer limit, RequestContext context) {
        int checkedLimit = limit == null ? DEFAULT_AUDIT_LIMIT : limit;
        if (checkedLimit < 1 || checkedLimit > MAX_AUDIT_LIMIT) {
            throw new InvalidInputException("limit", AUDIT_LIMIT_RULE, Integer.toString(checkedLimit));
        }
        return query(new FindAuditEventsQuery(checkedResourceId(resourceId), checkedLimit),
                ResponseTypes.multipleInstancesOf(AuditEntry.class), context);
    }

    /**
     * Adds a user or an API token to a team with a role.
     *
     * @throws NotFoundException     when the team does not exist or the caller may not see it
     * @throws AccessDeniedException when the caller is not an owner of the team
     */
    public void addTeamMember(TeamId teamId, Caller member, Role role, RequestContext context) {
        send(new AddTeamMemberCommand(teamId, member, role), context, "team", teamId.toString());
        log.info("[{}] added to team [{}] as [{}] by [{}] in request [{}]", member, teamId, role, context.caller(),
                context.correlationId());
    }

    /**
     * Rebuilds every read model from the event store and returns what was replayed. A replay rebuilds the read
     * models of every team, so besides the engine only a caller with the role {@link Role#ADMIN} in the default team
     * may start it. An API token also needs the scope {@code ADMIN}.
     *
     * @throws AccessDeniedException when the caller may not start a replay
     */
    public ReplayReport replayReadModels(RequestContext context) {
        requireReplayRight(context, null);
        // NOTE: On a large event store a replay takes long, and live events, queries and access checks wait for it.
        log.info("read model replay requested by [{}] in request [{}]", context.caller(), context.correlationId());
        ReplayReport report = replayer.replay();
        log.info("read model replay of request [{}] finished in {} ms", context.correlationId(),
                report.duration().toMillis());
        return report;
    }

    /**
     * Rebuilds one read model from the event store and returns what was replayed. Only callers that may replay
     * every read model may start it.
     *
     * @throws InvalidInputException when no read model has the name {@code readModel}
     * @throws AccessDeniedException when the caller may not start a replay
     */
    public ReplayReport replayReadModel(RequestContext context, String readModel) {
        requireReplayRight(context, readModel);
        // NOTE: Like a replay of all read models, live events, queries and access checks wait for it.
        log.info("replay of read model [{}] requested by [{}] in request [{}]", readModel, context.caller(),
                context.correlationId());
        ReplayReport report = replayer.replay(readModel, ReplayListener.NONE);
        log.info("replay of read model [{}] of request [{}] finished: {} events in {} ms", readModel,
                context.correlationId(), report.eventsReplayed(), report.duration().toMillis());
        return report;
    }

    /** Returns the names of the read models that a replay accepts. */
    public List<String> readModelNames() {
        return replayer.readModelNames();
    }

    /** Returns the progress of the replay that runs now, or empty when none runs. */
    public Optional<ReplayProgress> replayProgress() {
        return replayer.progress();
    }

    /**
     * A read model replay as the audit log names it when one is denied.
     *
     * @param readModel the one read model to rebuild, or null for all
     */
    record ReplayReadModelsRequest(String readModel) {
    }

    /**
     * Checks that the caller may verify the audit chain. The chain covers the events of every team, so besides the
     * engine only a caller with the role {@link Role#ADMIN} in the default team may verify it. An API token also needs
     * the scope {@code ADMIN}.
     *
     * @throws AccessDeniedException when the caller may not verify the chain
     */
    public void requireAuditChainRight(RequestContext context) {
        requireEngineWideAdmin(context, new VerifyAuditChainRequest(), "AuditChain", null, "verify the audit chain",
                "the audit chain covers the events of every team");
    }

    /** The request of a chain verification, as its denial stores it. */
    record VerifyAuditChainRequest() {
    }

    private void requireReplayRight(RequestContext context, String readModel) {
        requireEngineWideAdmin(context, new ReplayReadModelsRequest(readModel), "ReadModel", readModel,
                "replay the read models", "a replay rebuilds the read models of every team");
    }

    /**
     * Checks that the caller may run an action that reaches every team: the engine, or a caller with the role
     * {@link Role#ADMIN} in the default team whose token, if any, has the scope {@code ADMIN}. A denial is stored
     * in the audit log like a denied command.
     */
    private void requireEngineWideAdmin(RequestContext context, Object request, String resourceType,
                                        String resourceId, String action, String scopeReason) {
        if (AccessRules.isEngine(context, null)) {
            return;
        }
        TeamId defaultTeam = rules == null ? null : rules.settings().defaultTeamId();
        boolean admin = defaultTeam != null && rules.roleOf(context, defaultTeam)
                .filter(role -> role.includes(Role.ADMIN)).isPresent();
        boolean scoped = context.caller().kind() != Caller.Kind.TOKEN
                || context.scope() != null && context.scope().includes(AccessRules.scopeFor(Role.ADMIN));
        if (admin && scoped) {
            return;
        }
        String reason = "the API token has scope " + context.scope() + " but ADMIN is required";
        if (!admin) {
            reason = scopeReason + ", so it needs the role ADMIN in the default team"
                    + (defaultTeam == null ? ", and this engine has none (slipway.access.default-team)" : "");
        }
        if (denials == null) {
            log.warn("request to {} denied to [{}] in request [{}]: {}", action, context.caller(),
                    context.correlationId(), reason);
        } else {
            denials.record(context, request, resourceType, resourceId, reason);
        }
        throw new AccessDeniedException("Caller '" + context.caller() + "' may not " + action + ": " + reason
                + ". Ask an administrator to run it.");
    }

    private static String checkedResourceId(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        try {
            return UUID.fromString(resourceId).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("resourceId", "must be a UUID such as 3f2b1c9e-7d4a-4e7b-9a51-2c8f0d6e1b23",
                    resourceId);
        }
    }

    private Object send(Object command, RequestContext context, String targetType, String targetId) {
        try {
            return commandGateway.sendAndWait(
                    GenericCommandMessage.asCommandMessage(command).andMetaData(context.toMetaData()));
        } catch (RuntimeException e) {
            throw unwrapped(e, targetType, targetId);
        }
    }

    private <R> R query(Object query, ResponseType<R> responseType, RequestContext context) {
        try {
            return queryGateway.query(GenericMessage.asMessage(query).andMetaData(context.toMetaData()), responseType)
                    .join();
        } catch (RuntimeException e) {
            throw unwrapped(e, null, null);
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static RuntimeException unwrapped(RuntimeException failure, String targetType, String targetId) {
        Throwable cause = EngineFailures.unwrap(failure);
        if (cause instanceof AggregateNotFoundException && targetType != null) {
            return new NotFoundException(targetType, targetId);
        }
        return cause instanceof RuntimeException runtime ? runtime : failure;
    }
}
