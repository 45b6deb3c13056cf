package dev.slipway.core.engine;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.EngineSettings;
import dev.slipway.core.NotFoundException;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.Role;
import dev.slipway.core.application.ApplicationCreatedUpcaster;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationPage;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.ConfigurationView;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.DeleteApplicationCommand;
import dev.slipway.core.application.FindApplicationPageQuery;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.application.FindApplicationsQuery;
import dev.slipway.core.application.FindConfigurationQuery;
import dev.slipway.core.application.RemoveBuildArgumentCommand;
import dev.slipway.core.application.RemoveEnvironmentVariableCommand;
import dev.slipway.core.application.RemoveGitCredentialCommand;
import dev.slipway.core.application.RemoveSecretCommand;
import dev.slipway.core.application.RequestDeploymentCommand;
import dev.slipway.core.application.RequestRollbackCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SetBuildArgumentCommand;
import dev.slipway.core.application.SetDomainsCommand;
import dev.slipway.core.application.SetEnvironmentVariableCommand;
import dev.slipway.core.application.SetGitCredentialCommand;
import dev.slipway.core.application.SetImageRetentionCommand;
import dev.slipway.core.application.SetSecretCommand;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.application.VariableValues;
import dev.slipway.core.audit.AuditChain;
import dev.slipway.core.audit.AuditChainModule;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.audit.AuditException;
import dev.slipway.core.audit.ChainVerification;
import dev.slipway.core.audit.FindAuditEventsQuery;
import dev.slipway.core.deployment.BuildSlots;
import dev.slipway.core.deployment.CancelDeploymentCommand;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentNotCancellableException;
import dev.slipway.core.deployment.DeploymentPage;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.deployment.FindDeploymentPageQuery;
import dev.slipway.core.deployment.FindDeploymentQuery;
import dev.slipway.core.deployment.FindDeploymentsQuery;
import dev.slipway.core.deployment.IdempotencyKey;
import dev.slipway.core.logs.DeploymentLogStore;
import dev.slipway.core.policy.ContainerPolicies;
import dev.slipway.core.readmodel.ReplayListener;
import dev.slipway.core.readmodel.ReplayProgress;
import dev.slipway.core.readmodel.ReplayReport;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.GitCredential;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.runtime.TrafficRouter;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.secret.FileKeysetStore;
import dev.slipway.core.secret.GitCredentials;
import dev.slipway.core.secret.InMemoryKeysetStore;
import dev.slipway.core.secret.KeysetStore;
import dev.slipway.core.secret.LogRedaction;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.PostgresKeysetStore;
import dev.slipway.core.secret.SecretException;
import dev.slipway.core.secret.SecretFiles;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.storage.AggregateSnapshots;
import dev.slipway.core.storage.CoalescingEventStore;
import dev.slipway.core.storage.PostgresClusterModule;
import dev.slipway.core.storage.PostgresStorage;
import dev.slipway.core.storage.RecentAggregatesCache;
import dev.slipway.core.storage.SlipwayStorageProperties;
import dev.slipway.core.team.AddTeamMemberCommand;
import dev.slipway.core.team.ChangeTeamMemberRoleCommand;
import dev.slipway.core.team.CreateTeamCommand;
import dev.slipway.core.team.FindTeamQuery;
import dev.slipway.core.team.FindTeamsQuery;
import dev.slipway.core.team.RemoveTeamMemberCommand;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamName;
import dev.slipway.core.team.TeamView;
import dev.slipway.core.webhook.CreatedWebhook;
import dev.slipway.core.webhook.WebhookDelivery;
import dev.slipway.core.webhook.WebhookRejectedException;
import dev.slipway.core.webhook.WebhookResult;
import dev.slipway.core.webhook.Webhooks;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

/**
 * A deployment engine wired on Axon without Spring. Build one with {@link #builder()}, call {@link #start()}, send
 * commands through the methods here or through {@link #commandGateway()}, and {@link #close()} it when done.
 * Every command needs a {@link RequestContext} that names the caller.
 */
public final class DeploymentEngine implements AutoCloseable {

    private final Configuration configuration;
    private final EngineComponents components;
    private final SecretVault secretVault;
    private final AuditChain auditChain;
    private LogRedaction logRedaction;

    private DeploymentEngine(Configuration configuration, EngineComponents components, SecretVault secretVault,
                             AuditChain auditChain) {
        this.configuration = configuration;
        this.components = components;
        this.secretVault = secretVault;
        this.auditChain = auditChain;
    }

    /** Creates a builder. A source repository, a container runtime, settings and a master key are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts Axon, rebuilds the read models, registers the local server and waits until the deployment saga runs.
     * Returns once the engine takes requests. From then on until {@link #close()}, the secrets of this engine's
     * vault are masked in every log line of the process (see {@link LogRedaction}).
     */
    public synchronized DeploymentEngine start() {
        if (logRedaction == null) {
            logRedaction = LogRedaction.install(secretVault.redactor());
        }
        configuration.start();
        return this;
    }

    /**
     * Creates an application in the caller's default team and returns its id: the configured default team, else the
     * caller's personal team.
     */
    public ApplicationId createApplication(RequestContext context, ApplicationName name, SourceSpec source,
                                           RuntimeSpec runtime) {
        return createApplication(context, null, name, source, runtime);
    }

    /**
     * Creates an application in a team, or in the caller's default team when {@code teamId} is null, and returns its
     * id. The caller needs the admin role in the team.
     */
    public ApplicationId createApplication(RequestContext context, TeamId teamId, ApplicationName name,
                                           SourceSpec source, RuntimeSpec runtime) {
        ApplicationId id = ApplicationId.random();
        send(context, new CreateApplicationCommand(id, name, source, runtime, null, teamId));
        return id;
    }

    /**
     * Stores the credential of an application's repository, encrypted with the application's data key, for
     * deployments requested afterwards. The token or private key is never part of a command or event.
     *
     * @throws dev.slipway.core.spec.InvalidInputException when the credential does not fit the repository URL
     */
    public void setGitCredential(RequestContext context, ApplicationId applicationId, GitCredential credential) {
        Objects.requireNonNull(credential, "credential");
        send(context, new SetGitCredentialCommand(applicationId,
                GitCredentials.encrypt(secretVault, applicationId, credential)));
    }

    /** Removes the credential of an application's repository. */
    public void removeGitCredential(RequestContext context, ApplicationId applicationId) {
        send(context, new RemoveGitCredentialCommand(applicationId));
    }

    /**
     * Deletes an application and destroys its data keyset, so that its secrets can no longer be decrypted. Its
     * deployments that have not ended are cancelled, and then the containers, images and network of all its
     * deployments are removed, on the worker pool after this method returns.
     */
    public void deleteApplication(RequestContext context, ApplicationId applicationId) {
        send(context, new DeleteApplicationCommand(applicationId));
        secretVault.destroy(applicationId);
    }

    /**
     * Creates the push webhook of an application, or replaces its secret, and returns the delivery path and the new
     * secret, which is readable only in this result. The secret is stored encrypted with the application's data key.
     * The caller needs the admin role in the application's team.
     *
     * @throws NotFoundException when the application does not exist or belongs to another team
     */
    public CreatedWebhook createWebhook(RequestContext context, ApplicationId applicationId) {
        Objects.requireNonNull(context, "context");
        return webhooks().create(context, applicationId);
    }

    /** Removes the push webhook of an application, so that its deliveries are rejected. */
    public void removeWebhook(RequestContext context, ApplicationId applicationId) {
        Objects.requireNonNull(context, "context");
        webhooks().remove(context, applicationId);
    }

    /**
     * Verifies a delivery to an application's push webhook against the exact body bytes and acts on it, for a host
     * application that receives deliveries on a route of its own. A push to the application's configured branch
     * requests a deployment of its commit as the caller {@code webhook:<applicationId>}. See {@link Webhooks}.
     *
     * @throws WebhookRejectedException when the application does not exist, has no webhook, or the signature or
     *                                  token is missing or wrong. Respond to it with HTTP 401 and its message
     * @throws dev.slipway.core.spec.InvalidInputException when the verified body lacks a field, naming it
     */
    public WebhookResult receiveWebhook(WebhookDelivery delivery) {
        return webhooks().receive(delivery);
    }

    private Webhooks webhooks() {
        return new Webhooks(configuration.commandGateway(), configuration.queryGateway(), secretVault);
    }

    /** Creates a team whose owner is the caller and returns its id. */
    public TeamId createTeam(RequestContext context, TeamName name) {
        TeamId id = TeamId.random();
        send(context, new CreateTeamCommand(id, name));
        return id;
    }

    /** Adds a member to a team; the caller must be an owner of the team. */
    public void addTeamMember(RequestContext context, TeamId teamId, Caller member, Role role) {
        send(context, new AddTeamMemberCommand(teamId, member, role));
    }

    /** Gives a member of a team another role; the caller must be an owner of the team. */
    public void changeTeamMemberRole(RequestContext context, TeamId teamId, Caller member, Role role) {
        send(context, new ChangeTeamMemberRoleCommand(teamId, member, role));
    }

    /** Removes a member from a team; the caller must be an owner of the team. */
    public void removeTeamMember(RequestContext context, TeamId teamId, Caller member) {
        send(context, new RemoveTeamMemberCommand(teamId, member));
    }

    /** Requests a deployment of an application at its ref, or at {@code ref} when not null; returns its id. */
    public DeploymentId requestDeployment(RequestContext context, ApplicationId applicationId, GitRef ref) {
        return send(context, new RequestDeploymentCommand(applicationId, DeploymentId.random(), ref));
    }

    /**
     * Requests a deployment like {@link #requestDeployment(RequestContext, ApplicationId, GitRef)}, but returns the
     * deployment of an earlier request of the same application when that request carried the same key.
     */
    public DeploymentId requestDeployment(RequestContext context, ApplicationId applicationId, GitRef ref,
                                          IdempotencyKey idempotencyKey) {
        return send(context, new RequestDeploymentCommand(applicationId, DeploymentId.random(), ref, idempotencyKey));
    }

    /**
     * Requests a rollback: a new deployment that starts the image of {@code target}, an earlier succeeded deployment
     * of the application, without cloning or building. Returns the new deployment's id. The new deployment fails in
     * its first step, and the serving release stays, when that image no longer exists.
     *
     * <p>The container gets the application's configuration at the time of this call, not the configuration that
     * {@code target} was deployed with: the current environment variables, secrets and runtime spec. The image keeps
     * the build arguments of its original build, because a rollback builds nothing.
     *
     * @throws dev.slipway.core.spec.InvalidInputException when {@code target} is not a succeeded deployment of the
     *                                                     application, or is the release that serves it now
     */
    public DeploymentId requestRollback(RequestContext context, ApplicationId applicationId, DeploymentId target) {
        // Only for a caller that may see the application, so that the result reveals nothing about other teams.
        if (findApplication(context, applicationId).isPresent()) {
            requireRollbackImage(components, applicationId, target);
        }
        return send(context, new RequestRollbackCommand(applicationId, DeploymentId.random(), target));
    }

    /**
     * Rejects a rollback to a succeeded deployment of the application whose image was removed, before a deployment
     * is created for it. Other targets are left to the application, which rejects them with their own reason.
     *
     * @throws dev.slipway.core.runtime.StepFailedException when the target's image no longer exists
     */
    public static void requireRollbackImage(EngineComponents components, ApplicationId applicationId,
                                            DeploymentId target) {
        components.deployments().handle(new FindDeploymentQuery(target))
                .filter(view -> view.applicationId().equals(applicationId.toString()))
                .filter(view -> view.status() == DeploymentStatus.SUCCEEDED)
                .ifPresent(view -> components.stepRunner().requireRollbackImage(target, view.imageId(),
                        view.commit()));
    }

    /**
     * Replaces an application's domains; an empty list removes them. The proxy serves them from the current release
     * once the change is stored, and every later deployment routes them.
     *
     * @throws dev.slipway.core.application.DeploymentRunningException while a deployment of the application runs
     */
    public void setDomains(RequestContext context, ApplicationId applicationId, List<DomainName> domains) {
        send(context, new SetDomainsCommand(applicationId, domains));
    }

    /** Sets how many images of its latest releases an application keeps; null restores the engine's default. */
    public void setImageRetention(RequestContext context, ApplicationId applicationId, Integer keptImages) {
        send(context, new SetImageRetentionCommand(applicationId, keptImages));
    }

    /**
     * Cancels a queued or running deployment. A running step is interrupted, what the deployment started is removed,
     * and the previous release keeps serving.
     *
     * @throws DeploymentNotCancellableException when the deployment ended or its new release is taking over
     */
    public void cancelDeployment(RequestContext context, DeploymentId deploymentId) {
        send(context, new CancelDeploymentCommand(deploymentId));
    }

    /**
     * Sets an environment variable of the application's container to exactly {@code value} and returns the new
     * configuration version. Deployments requested afterwards use it, and earlier ones keep their version.
     *
     * @throws dev.slipway.core.spec.InvalidInputException when the value is longer than
     *                                                     {@value VariableValues#MAX_LENGTH} characters or contains
     *                                                     NUL, or when a secret of the application has that name
     */
    public long setEnvironmentVariable(RequestContext context, ApplicationId applicationId, VariableName name,
                                       String value) {
        return send(context, new SetEnvironmentVariableCommand(applicationId, name, value));
    }

    /** Removes an environment variable, when it is set, and returns the configuration version. */
    public long removeEnvironmentVariable(RequestContext context, ApplicationId applicationId, VariableName name) {
        return send(context, new RemoveEnvironmentVariableCommand(applicationId, name));
    }

    /**
     * Sets a build argument to exactly {@code value} and returns the new configuration version. Build arguments stay
     * readable in the image's history, so never put a secret in one.
     *
     * @throws dev.slipway.core.spec.InvalidInputException when the value is longer than
     *                                                     {@value VariableValues#MAX_LENGTH} characters or contains
     *                                                     NUL
     */
    public long setBuildArgument(RequestContext context, ApplicationId applicationId, VariableName name,
                                 String value) {
        return send(context, new SetBuildArgumentCommand(applicationId, name, value));
    }

    /** Removes a build argument, when it is set, and returns the configuration version. */
    public long removeBuildArgument(RequestContext context, ApplicationId applicationId, VariableName name) {
        return send(context, new RemoveBuildArgumentCommand(applicationId, name));
    }

    /**
     * Encrypts a secret with the application's data key, stores only the ciphertext and returns the new
     * configuration version. The container of a later deployment receives the value, and image builds never do.
     *
     * @throws dev.slipway.core.spec.InvalidInputException when the value is shorter than
     *                                                     {@value VariableValues#MIN_SECRET_LENGTH} or longer than
     *                                                     {@value VariableValues#MAX_LENGTH} characters, or contains
     *                                                     NUL; the message never repeats the value
     * @throws NotFoundException                           when the application does not exist or belongs to another
     *                                                     team
     * @throws SecretException                             when the application's data key was destroyed
     */
    public long setSecret(RequestContext context, ApplicationId applicationId, VariableName name, String value) {
        if (name == null) {
            throw InvalidInputException.withoutValue("name", "must not be empty");
        }
        VariableValues.requireValidSecret(value);
        // The lookup comes first, so that no data key is created for an application that does not exist.
        if (findApplication(context, applicationId).isEmpty()) {
            throw new NotFoundException("application", String.valueOf(applicationId));
        }
        EncryptedSecret encrypted = secretVault.encrypt(applicationId, name.value(), value);
        return send(context, new SetSecretCommand(applicationId, name, encrypted));
    }

    /** Removes a secret, when it is set, and returns the configuration version. */
    public long removeSecret(RequestContext context, ApplicationId applicationId, VariableName name) {
        return send(context, new RemoveSecretCommand(applicationId, name));
    }

    /**
     * Finds the current environment variables, build arguments and secret names of an application that the caller
     * may see. Secrets show a mask, never their value. Empty when the application does not exist or belongs to
     * another team.
     */
    public Optional<ConfigurationView> findConfiguration(RequestContext context, ApplicationId applicationId) {
        return query(context, new FindConfigurationQuery(applicationId),
                ResponseTypes.optionalInstanceOf(ConfigurationView.class));
    }

    /** Finds an application that the caller may see; empty when it does not exist or belongs to another team. */
    public Optional<ApplicationView> findApplication(RequestContext context, ApplicationId applicationId) {
        return query(context, new FindApplicationQuery(applicationId),
                ResponseTypes.optionalInstanceOf(ApplicationView.class));
    }

    /**
     * Finds the applications of every team the caller may see, newest first, all in one list however many there
     * are. {@link #findApplicationPage} reads them a page at a time.
     */
    public List<ApplicationView> findApplications(RequestContext context) {
        return query(context, new FindApplicationsQuery(), ResponseTypes.multipleInstancesOf(ApplicationView.class));
    }

    /**
     * Finds one page of the applications of every team the caller may see, newest first. Pass the page's
     * {@link ApplicationPage#endCursor()} as {@code after} to read the next one. Applications created between two
     * pages come before the cursor, so later pages neither repeat nor skip an application.
     *
     * @param after the end cursor of the previous page, or null for the first page
     * @param first the maximum number of applications on the page, from 1 to 1000
     * @throws InvalidInputException when {@code first} is out of range or {@code after} is no cursor of this list
     */
    public ApplicationPage findApplicationPage(RequestContext context, String after, int first) {
        return query(context, new FindApplicationPageQuery(after, first),
                ResponseTypes.instanceOf(ApplicationPage.class));
    }

    /**
     * Finds one page of the deployments of an application that the caller may see, newest first, or of every
     * application the caller may see when {@code applicationId} is null. Pass the page's
     * {@link DeploymentPage#endCursor()} as {@code after} to read the next one. Deployments requested between two
     * pages come before the cursor, so later pages neither repeat nor skip a deployment. The page is empty when the
     * application does not exist or belongs to another team.
     *
     * @param after the end cursor of the previous page, or null for the first page
     * @param first the maximum number of deployments on the page, from 1 to 1000
     * @throws InvalidInputException when {@code first} is out of range or {@code after} is no cursor of this list
     */
    public DeploymentPage findDeploymentPage(RequestContext context, ApplicationId applicationId, String after,
                                             int first) {
        return query(context, new FindDeploymentPageQuery(applicationId, after, first),
                ResponseTypes.instanceOf(DeploymentPage.class));
    }

    /** Finds a deployment that the caller may see; empty when it does not exist or belongs to another team. */
    public Optional<DeploymentView> findDeployment(RequestContext context, DeploymentId deploymentId) {
        return query(context, new FindDeploymentQuery(deploymentId),
                ResponseTypes.optionalInstanceOf(DeploymentView.class));
    }

    /** Finds the caller's personal team and then the teams the caller is a member of. */
    public List<TeamView> findTeams(RequestContext context) {
        return query(context, new FindTeamsQuery(), ResponseTypes.multipleInstancesOf(TeamView.class));
    }

    /** Finds a team with its members; empty when it does not exist or the caller is no member. */
    public Optional<TeamView> findTeam(RequestContext context, TeamId teamId) {
        return query(context, new FindTeamQuery(teamId), ResponseTypes.optionalInstanceOf(TeamView.class));
    }

    /**
     * Finds an application with the engine's own rights, whatever its team. The methods that take a
     * {@link RequestContext} check the caller's team.
     */
    public Optional<ApplicationView> findApplication(ApplicationId applicationId) {
        return query(new FindApplicationQuery(applicationId), ResponseTypes.optionalInstanceOf(ApplicationView.class));
    }

    /** Finds a deployment with its steps, with the engine's own rights, whatever its team. */
    public Optional<DeploymentView> findDeployment(DeploymentId deploymentId) {
        return query(new FindDeploymentQuery(deploymentId), ResponseTypes.optionalInstanceOf(DeploymentView.class));
    }

    /**
     * Finds the deployments of an application, newest first, with the engine's own rights, all in one list however
     * many there are. {@link #findDeploymentPage} reads them a page at a time.
     */
    public List<DeploymentView> findDeployments(ApplicationId applicationId) {
        return query(new FindDeploymentsQuery(applicationId), ResponseTypes.multipleInstancesOf(DeploymentView.class));
    }

    /**
     * Finds audit entries, newest first, of one resource or of all when {@code resourceId} is null, with the
     * engine's own rights.
     */
    public List<AuditEntry> findAuditEvents(String resourceId, int limit) {
        return query(new FindAuditEventsQuery(resourceId, limit), ResponseTypes.multipleInstancesOf(AuditEntry.class));
    }

    /** Returns the store of build output, container output and engine lines of every deployment. */
    public DeploymentLogStore logStore() {
        return components.logs().store();
    }

    /** Rebuilds every read model from the event store. */
    public ReplayReport replayReadModels() {
        return components.replayer().replay();
    }

    /** Returns the vault that encrypts this engine's secrets; its redactor masks their values. */
    public SecretVault secretVault() {
        return secretVault;
    }

    /**
     * Rebuilds one read model, or every read model when {@code readModel} is null, from the event store. The
     * listener receives the progress on the replaying thread while live events wait, so it must return quickly.
     *
     * @throws dev.slipway.core.spec.InvalidInputException when no read model has the name {@code readModel}
     */
    public ReplayReport replayReadModel(String readModel, ReplayListener listener) {
        return components.replayer().replay(readModel, listener);
    }

    /** Returns the names of the read models, such as {@code application}, that a replay accepts. */
    public List<String> readModelNames() {
        return components.replayer().readModelNames();
    }

    /** Returns the progress of the replay that runs now, or empty when none runs. */
    public Optional<ReplayProgress> replayProgress() {
        return components.replayer().progress();
    }

    /**
     * Recomputes the audit hash chain from the stored events, checks its signed checkpoints and reports the first
     * break.
     *
     * @throws AuditException when the engine was built without {@link Builder#auditChain}
     */
    public ChainVerification verifyAuditChain() {
        return auditChain().orElseThrow(() -> new AuditException("This engine keeps no audit chain: build it with"
                + " DeploymentEngine.Builder.auditChain")).verify();
    }

    /** Returns the audit chain the engine appends to, or empty when it was built without one. */
    public Optional<AuditChain> auditChain() {
        return Optional.ofNullable(auditChain);
    }

    /** Returns the command gateway, for commands not covered by the methods here. */
    public CommandGateway commandGateway() {
        return configuration.commandGateway();
    }

    /** Returns the query gateway. */
    public QueryGateway queryGateway() {
        return configuration.queryGateway();
    }

    /** Returns the Axon configuration behind this engine. */
    public Configuration axonConfiguration() {
        return configuration;
    }

    /**
     * Stops the worker pool, then Axon. Running steps are interrupted, and bookkeeping under way, such as recording
     * a release, ends first; the pool waits at most five seconds for it. An interrupted step that stops within that
     * time records its deployment as failed. The next start ends the others as failed, removes what all of them
     * started and admits the deployments queued behind them.
     */
    @Override
    public synchronized void close() {
        components.stepRunner().close();
        configuration.shutdown();
        if (logRedaction != null) {
            logRedaction.close();
            logRedaction = null;
        }
    }

    /**
     * Sends a command as the caller and waits for its result. A target that does not exist, or that belongs to a team
     * the caller is not in, raises {@link NotFoundException} naming the id, worded alike for both cases.
     */
    /**
     * Sends a command for the caller. A context without a causation id gets a new one for this call, as a web request
     * does, so that the events of each call lead back to it in the audit log.
     */
    private <R> R send(RequestContext context, Object command) {
        Objects.requireNonNull(context, "context");
        RequestContext call = context.causationId() == null
                ? context.withCausationId(UUID.randomUUID().toString()) : context;
        try {
            return configuration.commandGateway().sendAndWait(asCommandMessage(command)
                    .andMetaData(call.toMetaData()));
        } catch (AggregateNotFoundException e) {
            throw new NotFoundException("resource", String.valueOf(e.getAggregateIdentifier()));
        }
    }

    private <R> R query(RequestContext context, Object query,
                        org.axonframework.messaging.responsetypes.ResponseType<R> type) {
        Objects.requireNonNull(context, "context");
        return query(GenericMessage.asMessage(query).andMetaData(context.toMetaData()), type);
    }

    private <R> R query(Object query, org.axonframework.messaging.responsetypes.ResponseType<R> type) {
        try {
            return configuration.queryGateway().query(query, type).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SlipwayException slipwayException) {
                throw slipwayException;
            }
            throw e;
        }
    }

    /** Builds a {@link DeploymentEngine}. */
    public static final class Builder {

        private SourceRepository sourceRepository;
        private ContainerRuntime containerRuntime;
        private EngineSettings settings;
        private EventStorageEngine eventStorageEngine;
        private Clock clock = Clock.systemUTC();
        private MasterKey masterKey;
        private KeysetStore keysetStore;
        private ContainerPolicies containerPolicies = ContainerPolicies.DEFAULT;
        private BuildSlots buildSlots = BuildSlots.DEFAULT;
        private TrafficRouter trafficRouter = TrafficRouter.NONE;
        private AuditChain auditChain;
        private SecretFiles secretFiles;
        private boolean auditFailClosed;
        private DataSource postgresDataSource;
        private int snapshotThreshold = SlipwayStorageProperties.DEFAULT_SNAPSHOT_THRESHOLD;
        private DataSource clusterDataSource;
        private ClusterSettings clusterSettings;

        private Builder() {
        }

        /** Sets the Git adapter, such as {@code JGitSourceRepository}. Required. */
        public Builder sourceRepository(SourceRepository sourceRepository) {
            this.sourceRepository = sourceRepository;
            return this;
        }

        /** Sets the Docker adapter, such as {@code DockerContainerRuntime}. Required. */
        public Builder containerRuntime(ContainerRuntime containerRuntime) {
            this.containerRuntime = containerRuntime;
            return this;
        }

        /** Sets the engine's settings. Required. */
        public Builder settings(EngineSettings settings) {
            this.settings = settings;
            return this;
        }

        /**
         * Sets where events are stored. Events must be serialized with Jackson, as {@link #jacksonSerializer()}
         * does. Defaults to an in-memory store that loses everything when the engine stops.
         */
        public Builder eventStorageEngine(EventStorageEngine eventStorageEngine) {
            this.eventStorageEngine = eventStorageEngine;
            return this;
        }

        /**
         * Sets the key that wraps every application's data keyset, such as
         * {@code MasterKey.fromEnvironment(System.getenv())} or {@code MasterKey.fromFile(path)}. Required: the engine
         * refuses to build without one.
         */
        public Builder masterKey(MasterKey masterKey) {
            this.masterKey = masterKey;
            return this;
        }

        /**
         * Sets where the applications' wrapped data keysets are stored, such as a {@link FileKeysetStore}. Required
         * with an {@link #eventStorageEngine}, because stored secrets are unreadable without their keysets; with the
         * default in-memory event store it defaults to an in-memory keyset store.
         */
        public Builder keysetStore(KeysetStore keysetStore) {
            this.keysetStore = keysetStore;
            return this;
        }

        /** Sets the clock of replay reports. Defaults to the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the container rules of the operator and of single teams, which every new application and every
         * container is checked against. Defaults to {@link ContainerPolicies#DEFAULT}.
         */
        public Builder containerPolicies(ContainerPolicies containerPolicies) {
            this.containerPolicies = Objects.requireNonNull(containerPolicies, "containerPolicies");
            return this;
        }

        /**
         * Makes the engine append every stored event to an audit hash chain, which {@link #verifyAuditChain()}
         * checks. The chain's tables are created when the engine starts. The chain must use the database of the
         * event storage engine, which must be Axon's JDBC or JPA engine with the {@code domain_event_entry} table.
         *
         * <p>With {@code failClosed}, an event that cannot be chained fails the command that produced it. Nothing of
         * that command is stored only when the chain and the event storage engine write in one transaction, for
         * example when both take their connections from one
         * {@link org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper} with auto-commit off.
         * Each writer then locks the chain's head row until its transaction ends, so writes happen one at a time.
         * Without {@code failClosed}, a tracking event processor chains events in batches right after they commit and
         * retries an event that cannot be chained. Verification counts such events as pending.
         */
        public Builder auditChain(AuditChain auditChain, boolean failClosed) {
            this.auditChain = Objects.requireNonNull(auditChain, "auditChain");
            this.auditFailClosed = failClosed;
            return this;
        }

        /**
         * Sets the reverse proxy that serves applications under their domains, such as the Docker runtime's
         * {@code trafficRouter(...)}. Without one, an application that names domains is rejected.
         */
        public Builder trafficRouter(TrafficRouter trafficRouter) {
            this.trafficRouter = Objects.requireNonNull(trafficRouter, "trafficRouter");
            return this;
        }

        /**
         * Sets how many image builds may run at once per server and in this engine process. Defaults to
         * {@link BuildSlots#DEFAULT}.
         */
        public Builder buildSlots(BuildSlots buildSlots) {
            this.buildSlots = Objects.requireNonNull(buildSlots, "buildSlots");
            return this;
        }

        /**
         * Stores the events and the applications' wrapped keysets in the PostgreSQL database of {@code dataSource},
         * so that a single engine keeps its applications, deployments and secrets across restarts. At build time the
         * engine's schema is migrated in the data source's current schema, as for a {@link #cluster} node. A
         * {@link #keysetStore} set as well becomes the previous store, whose keysets are copied into the database
         * when first read. Sagas stay in memory, so a deployment queued when the engine stops ends as failed at the
         * next start. Needs Flyway ({@code flyway-database-postgresql}) and the PostgreSQL JDBC driver on the class
         * path. A cluster node stores in its own data source and takes no second one.
         */
        public Builder postgresStorage(DataSource dataSource) {
            this.postgresDataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Sets the events after which an aggregate stored in PostgreSQL gets a new snapshot, so that loading it reads
         * at most that many events after its latest snapshot, as {@code slipway.storage.snapshot-threshold} does under
         * Spring Boot. Applies with {@link #postgresStorage} and {@link #cluster}. Defaults to 100, and 0 turns
         * snapshots off. A thread of the engine's own takes each snapshot after the command that crossed the
         * threshold has committed.
         *
         * @throws IllegalArgumentException when {@code threshold} is negative
         */
        public Builder snapshotThreshold(int threshold) {
            if (threshold < 0) {
                throw new IllegalArgumentException("Invalid snapshot threshold '" + threshold
                        + "': it must be 0 (no snapshots) or a positive number of events.");
            }
            this.snapshotThreshold = threshold;
            return this;
        }

        /**
         * Makes the engine one node of several that share the PostgreSQL database of {@code dataSource}, as
         * {@code slipway.cluster.enabled=true} does under Spring Boot. At build time the engine's schema is migrated
         * in the data source's current schema. Events, tracking tokens, sagas, deployment leases, node heartbeats and
         * the applications' wrapped keysets are then stored there, so every node that has the same master key reads
         * the secrets that another node set. The deployment saga's processor is split into the settings' segments,
         * which the nodes share out, and a node takes over the deployments of a node that stops. A
         * {@link #keysetStore} set as well becomes the previous store, whose keysets are copied into the database
         * when first read. An {@link #eventStorageEngine} set as well must store in the same database. Needs Flyway
         * ({@code flyway-database-postgresql}) and the PostgreSQL JDBC driver on the class path.
         */
        public Builder cluster(DataSource dataSource, ClusterSettings settings) {
            this.clusterDataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.clusterSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Sets where the secret files of applications that ask for them are written: a directory on a tmpfs, owned
         * by the engine's user. The default is {@link SecretFiles#DEFAULT_DIRECTORY}.
         */
        public Builder secretFilesDirectory(Path directory) {
            this.secretFiles = new SecretFiles(Objects.requireNonNull(directory, "directory"));
            return this;
        }

        /**
         * Builds the engine without starting it. An engine that is not a node of a {@link #cluster} keeps its 1024
         * most recently used aggregates in memory between commands, as {@code slipway.storage.aggregate-cache} does
         * under Spring Boot.
         */
        public DeploymentEngine build() {
            Objects.requireNonNull(sourceRepository, "sourceRepository is required");
            Objects.requireNonNull(containerRuntime, "containerRuntime is required");
            Objects.requireNonNull(settings, "settings are required");
            // Checked before the schema migration, so that a rejected setup leaves the database untouched.
            requireMasterKey();
            JacksonSerializer serializer = jacksonSerializer();
            if (clusterSettings != null && postgresDataSource != null) {
                throw new IllegalStateException("Both cluster(...) and postgresStorage(...) are set: a cluster node"
                        + " stores in the data source of cluster(...). Remove postgresStorage(...).");
            }
            DataSource postgres = clusterSettings != null ? clusterDataSource : postgresDataSource;
            EventStorageEngine storage;
            SecretVault vault;
            if (postgres != null) {
                PostgresStorage.migrate(postgres);
                storage = eventStorageEngine != null ? eventStorageEngine : PostgresStorage.eventStorageEngine(
                        PostgresStorage.connectionProvider(postgres), NoTransactionManager.INSTANCE,
                        serializer, AggregateSnapshots.serializer())
                        .upcasterChain(new EventUpcasterChain(new ApplicationCreatedUpcaster()))
                        .build();
                vault = secretVault(new PostgresKeysetStore(postgres, keysetStore));
            } else {
                storage = eventStorageEngine != null ? eventStorageEngine : new InMemoryEventStorageEngine();
                vault = secretVault(keysetStore);
            }
            Configuration[] built = new Configuration[1];
            EngineComponents components = EngineComponentsFactory.create(settings, sourceRepository,
                    containerRuntime, () -> built[0].commandGateway(), () -> storage, clock, vault, null,
                    containerPolicies);
            if (secretFiles != null) {
                components.stepRunner().deliverSecretFilesWith(secretFiles);
            }
            components.stepRunner().limitBuilds(buildSlots);
            components.stepRunner().routeTrafficWith(trafficRouter);
            components.names().routeDomains(trafficRouter.isEnabled());
            // Modules found on the class path, such as Axon's update checker, are left out on purpose.
            Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                    .configureSerializer(config -> serializer)
                    .configureEventSerializer(config -> serializer)
                    .configureMessageSerializer(config -> serializer)
                    .configureEventStore(config -> {
                        CoalescingEventStore store = CoalescingEventStore.create(storage, config);
                        config.onShutdown(store::shutDown);
                        return store;
                    })
                    // The read models of a cluster node follow the events of other nodes through this component.
                    .registerComponent(EventStorageEngine.class, config -> storage)
                    .configureCorrelationDataProviders(config -> SlipwayAxonModule.correlationDataProviders())
                    .registerComponent(DeadlineManager.class, config -> SlipwayAxonModule.deadlineManager(config,
                            config.getComponent(TransactionManager.class, NoTransactionManager::instance)));
            new SlipwayAxonModule(components, clusterSettings).configureModule(configurer);
            if (clusterSettings != null) {
                new PostgresClusterModule(clusterDataSource, clusterSettings, components).configureModule(configurer);
            } else {
                RecentAggregatesCache.installIn(configurer);
            }
            if (auditChain != null) {
                new AuditChainModule(auditChain, auditFailClosed).configureModule(configurer);
            }
            if (postgres != null && eventStorageEngine == null && snapshotThreshold > 0) {
                AggregateSnapshots.every(snapshotThreshold).configureModule(configurer);
            }
            built[0] = configurer.buildConfiguration();
            return new DeploymentEngine(built[0], components, vault, auditChain);
        }

        private void requireMasterKey() {
            if (masterKey == null) {
                throw new SecretException("No master key set, so the engine cannot start: it would have no key to"
                        + " encrypt secrets with. Call masterKey(MasterKey.fromEnvironment(System.getenv())) with the"
                        + " environment variable " + MasterKey.ENVIRONMENT_VARIABLE + " set to the output of"
                        + " 'openssl rand -base64 32', or masterKey(MasterKey.fromFile(path)) with a file that contains"
                        + " it.");
            }
        }

        private SecretVault secretVault(KeysetStore store) {
            if (store == null && eventStorageEngine != null) {
                throw new SecretException("No keyset store set, but events are stored persistently: secrets would"
                        + " be unreadable after a restart. Call keysetStore(new FileKeysetStore(directory)).");
            }
            return new SecretVault(masterKey, store != null ? store : new InMemoryKeysetStore());
        }

        /** Returns the Jackson serializer the engine uses for events, messages and sagas. */
        public static JacksonSerializer jacksonSerializer() {
            ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
            return JacksonSerializer.builder().objectMapper(mapper).build();
        }
    }
}
