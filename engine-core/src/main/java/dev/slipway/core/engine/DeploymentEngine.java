package dev.slipway.core.engine;

import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.EngineSettings;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.Role;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.application.FindApplicationsQuery;
import dev.slipway.core.application.RequestDeploymentCommand;
import dev.slipway.core.application.RequestRollbackCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SetImageRetentionCommand;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.audit.FindAuditEventsQuery;
import dev.slipway.core.deployment.CancelDeploymentCommand;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentNotCancellableException;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.deployment.FindDeploymentQuery;
import dev.slipway.core.deployment.FindDeploymentsQuery;
import dev.slipway.core.deployment.IdempotencyKey;
import dev.slipway.core.logs.DeploymentLogStore;
import dev.slipway.core.readmodel.ReplayReport;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.team.AddTeamMemberCommand;
import dev.slipway.core.team.ChangeTeamMemberRoleCommand;
import dev.slipway.core.team.CreateTeamCommand;
import dev.slipway.core.team.FindTeamsQuery;
import dev.slipway.core.team.RemoveTeamMemberCommand;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamName;
import dev.slipway.core.team.TeamView;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * A deployment engine wired on Axon without Spring. Build one with {@link #builder()}, call {@link #start()}, send
 * commands through the methods here or through {@link #commandGateway()}, and {@link #close()} it when done.
 * Every command needs a {@link RequestContext} that names the caller.
 */
public final class DeploymentEngine implements AutoCloseable {

    private final Configuration configuration;
    private final EngineComponents components;

    private DeploymentEngine(Configuration configuration, EngineComponents components) {
        this.configuration = configuration;
        this.components = components;
    }

    /** Creates a builder. A source repository, a container runtime and settings are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts Axon, rebuilds the read models, registers the local server and waits until the deployment saga runs.
     * Returns once the engine takes requests.
     */
    public DeploymentEngine start() {
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
     * @throws dev.slipway.core.spec.InvalidInputException when {@code target} is not a succeeded deployment of the
     *                                                     application, or is the release that serves it now
     */
    public DeploymentId requestRollback(RequestContext context, ApplicationId applicationId, DeploymentId target) {
        return send(context, new RequestRollbackCommand(applicationId, DeploymentId.random(), target));
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

    /** Finds an application that the caller may see; empty when it does not exist or belongs to another team. */
    public Optional<ApplicationView> findApplication(RequestContext context, ApplicationId applicationId) {
        return query(context, new FindApplicationQuery(applicationId),
                ResponseTypes.optionalInstanceOf(ApplicationView.class));
    }

    /** Finds the applications of every team the caller may see, newest first. */
    public List<ApplicationView> findApplications(RequestContext context) {
        return query(context, new FindApplicationsQuery(), ResponseTypes.multipleInstancesOf(ApplicationView.class));
    }

    /** Finds a deployment that the caller may see; empty when it does not exist or belongs to another team. */
    public Optional<DeploymentView> findDeployment(RequestContext context, DeploymentId deploymentId) {
        return query(context, new FindDeploymentQuery(deploymentId),
                ResponseTypes.optionalInstanceOf(DeploymentView.class));
    }

    /** Finds the teams the caller is a member of. */
    public List<TeamView> findTeams(RequestContext context) {
        return query(context, new FindTeamsQuery(), ResponseTypes.multipleInstancesOf(TeamView.class));
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

    /** Finds the deployments of an application, newest first, with the engine's own rights. */
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
     * Stops the worker pool, then Axon. Running steps are interrupted first, so they can still record their
     * deployment as failed while the command bus is up.
     */
    @Override
    public void close() {
        components.stepRunner().close();
        configuration.shutdown();
    }

    private <R> R send(RequestContext context, Object command) {
        Objects.requireNonNull(context, "context");
        return configuration.commandGateway().sendAndWait(asCommandMessage(command).andMetaData(context.toMetaData()));
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

        /** Sets the clock of replay reports. Defaults to the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Builds the engine without starting it. */
        public DeploymentEngine build() {
            Objects.requireNonNull(sourceRepository, "sourceRepository is required");
            Objects.requireNonNull(containerRuntime, "containerRuntime is required");
            Objects.requireNonNull(settings, "settings are required");
            JacksonSerializer serializer = jacksonSerializer();
            EventStorageEngine storage = eventStorageEngine != null ? eventStorageEngine
                    : new InMemoryEventStorageEngine();
            Configuration[] built = new Configuration[1];
            EngineComponents components = EngineComponentsFactory.create(settings, sourceRepository,
                    containerRuntime, () -> built[0].commandGateway(), () -> storage, clock);
            // Modules found on the class path, such as Axon's update checker, are left out on purpose.
            Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                    .configureSerializer(config -> serializer)
                    .configureEventSerializer(config -> serializer)
                    .configureMessageSerializer(config -> serializer)
                    .configureEmbeddedEventStore(config -> storage)
                    .configureCorrelationDataProviders(config -> SlipwayAxonModule.correlationDataProviders());
            new SlipwayAxonModule(components).configureModule(configurer);
            built[0] = configurer.buildConfiguration();
            return new DeploymentEngine(built[0], components);
        }

        /** Returns the Jackson serializer the engine uses for events, messages and sagas. */
        public static JacksonSerializer jacksonSerializer() {
            ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
            return JacksonSerializer.builder().objectMapper(mapper).build();
        }
    }
}
