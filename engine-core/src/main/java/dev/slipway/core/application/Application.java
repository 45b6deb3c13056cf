package dev.slipway.core.application;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.deployment.Deployment;
import dev.slipway.core.deployment.DeploymentAdmittedEvent;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentLaneLeftEvent;
import dev.slipway.core.deployment.DeploymentQueuedEvent;
import dev.slipway.core.deployment.DeploymentRequestedEvent;
import dev.slipway.core.deployment.IdempotencyKeyRecordedEvent;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.core.team.TeamId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * An application: its source, how it runs, its server, and the release that serves it. Requesting a deployment
 * creates a {@link Deployment} aggregate with the application's configuration at that moment.
 * <p>
 * The application also stores its deployment lane, so that one deployment of it runs at a time on every engine node and
 * across restarts. The lane contains the deployment that owns it, the queued ones in the order they were requested, and
 * the idempotency keys of earlier requests. Axon serializes the commands of one aggregate within a process by a lock.
 * Between engine nodes, the event store's unique sequence numbers reject the second of two concurrent commands with a
 * {@link org.axonframework.modelling.command.ConcurrencyException}; a cluster node's command gateway sends such a
 * command again, and a repeated request with the same idempotency key then returns the first deployment's id.
 */
public class Application {

    @AggregateIdentifier
    private ApplicationId applicationId;
    private ApplicationName name;
    private SourceSpec source;
    private RuntimeSpec runtime;
    private ServerId serverId;
    private Release release;
    /** Every recorded release, oldest first. A rollback records its target's image again as a new release. */
    private final List<Release> releases = new ArrayList<>();
    private Integer keptImages;
    private ApplicationConfiguration configuration = ApplicationConfiguration.EMPTY;
    /** The deployment that owns the lane, or null when none runs. */
    private DeploymentId laneHolder;
    /** The deployments that wait for the lane, in the order they run. */
    private final List<DeploymentId> queuedDeployments = new ArrayList<>();
    /** The deployment of each idempotency key, by the key's value. */
    private final Map<String, DeploymentId> deploymentsByKey = new HashMap<>();
    /** Whether the application has a push webhook. */
    private boolean webhook;

    protected Application() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    public Application(CreateApplicationCommand command, SourcePolicy sourcePolicy, ApplicationNames names,
                       MetaData metaData) {
        sourcePolicy.check(command.source().repositoryUrl());
        TeamId team = teamOf(command, metaData);
        names.claim(team, command.name(), command.applicationId());
        names.claimDomains(command.runtime().domains(), command.applicationId());
        ServerId server = command.serverId() == null ? ServerId.LOCAL : command.serverId();
        apply(new ApplicationCreatedEvent(command.applicationId(), command.name(), command.source(), command.runtime(),
                server, team));
    }

    /** Returns the requested team, else the one the authorization interceptor chose and put in the metadata. */
    private static TeamId teamOf(CreateApplicationCommand command, MetaData metaData) {
        if (command.teamId() != null) {
            return command.teamId();
        }
        Object chosen = metaData.get(RequestContext.TEAM);
        return chosen == null ? null : TeamId.of(chosen.toString());
    }

    /**
     * Creates a deployment and admits it to the application's lane or queues it there. Returns the new deployment's
     * id, or the id of the earlier deployment whose request carried the same idempotency key.
     */
    @CommandHandler
    public DeploymentId handle(RequestDeploymentCommand command) throws Exception {
        if (command.idempotencyKey() != null) {
            DeploymentId earlier = deploymentsByKey.get(command.idempotencyKey().value());
            if (earlier != null) {
                return earlier;
            }
        }
        SourceSpec requested = command.ref() == null ? source : source.withRef(command.ref());
        DeploymentRequestedEvent requestedEvent = new DeploymentRequestedEvent(command.deploymentId(), applicationId,
                name, requested, runtime, serverId, release, configuration);
        createNew(Deployment.class, () -> new Deployment(requestedEvent, command.idempotencyKey()));
        if (command.idempotencyKey() != null) {
            apply(new IdempotencyKeyRecordedEvent(applicationId, command.idempotencyKey(), command.deploymentId()));
        }
        enterLane(command.deploymentId());
        return command.deploymentId();
    }

    /**
     * Removes an ended deployment from the lane, and admits the next queued deployment with the release that serves
     * the application now when the ended one owned the lane.
     */
    @CommandHandler
    public void handle(AdmitNextDeploymentCommand command) {
        DeploymentId ended = command.endedDeploymentId();
        if (ended.equals(laneHolder)) {
            apply(new DeploymentLaneLeftEvent(ended, applicationId));
            if (!queuedDeployments.isEmpty()) {
                apply(new DeploymentAdmittedEvent(queuedDeployments.get(0), applicationId, release));
            }
        } else if (queuedDeployments.contains(ended)) {
            apply(new DeploymentLaneLeftEvent(ended, applicationId));
        }
    }

    /** Admits a new deployment when no deployment owns the lane, else queues it behind the others. */
    private void enterLane(DeploymentId deploymentId) {
        if (laneHolder == null) {
            apply(new DeploymentAdmittedEvent(deploymentId, applicationId, release));
        } else {
            apply(new DeploymentQueuedEvent(deploymentId, applicationId, laneHolder, queuedDeployments.size() + 1));
        }
    }

    /**
     * Creates a deployment that starts the image of an earlier succeeded deployment again. While a deployment that
     * is not yet the recorded release holds the lane, the rollback queues behind it even when it names the release
     * that serves now, because that deployment can still replace the release: it may have succeeded already.
     *
     * @throws InvalidInputException when {@code target} is not a succeeded deployment of this application, or is
     *                               the release that serves it now and no other deployment can replace it
     */
    @CommandHandler
    public DeploymentId handle(RequestRollbackCommand command) throws Exception {
        Release target = releases.stream()
                .filter(candidate -> candidate.deploymentId().equals(command.target()))
                .findFirst()
                .orElse(null);
        if (target == null && command.target().equals(laneHolder)) {
            throw new InvalidInputException("rollbackOf", "names the deployment of application '" + name
                    + "' that still runs or is being recorded as its release; request the rollback again once it has"
                    + " ended", command.target().toString());
        }
        if (target == null) {
            throw new InvalidInputException("rollbackOf", "must name a succeeded deployment of application '" + name
                    + "'", command.target().toString());
        }
        boolean releaseMayChange = laneHolder != null
                && (release == null || !laneHolder.equals(release.deploymentId()));
        if (!releaseMayChange && release != null && release.deploymentId().equals(target.deploymentId())) {
            throw new InvalidInputException("rollbackOf", "names the release that serves application '" + name
                    + "' now; name an earlier one", command.target().toString());
        }
        // NOTE: the earlier image runs with the application's current runtime spec, environment and secrets, not
        // with those the earlier deployment ran with.
        SourceSpec atCommit = source.withRef(new GitRef(target.commit().value()));
        DeploymentRequestedEvent requestedEvent = new DeploymentRequestedEvent(command.deploymentId(), applicationId,
                name, atCommit, runtime, serverId, release, configuration, target);
        createNew(Deployment.class, () -> new Deployment(requestedEvent));
        enterLane(command.deploymentId());
        return command.deploymentId();
    }

    /**
     * Records a new release and returns the image ids that the image retention keeps: those of the latest releases,
     * newest first, as many as the application's setting or else the command's default. A deployment's release is
     * recorded once: recovery after a restart may send it again, and a saga that handles an old deployment's events
     * again must not make that release serve again.
     */
    @CommandHandler
    public List<String> handle(RecordReleaseCommand command) {
        DeploymentId deployment = command.release().deploymentId();
        boolean recorded = releases.stream().anyMatch(release -> release.deploymentId().equals(deployment));
        if (!recorded) {
            apply(new ReleaseRecordedEvent(applicationId, command.release()));
        }
        int kept = keptImages == null ? Math.max(1, command.defaultKeptImages()) : keptImages;
        Set<String> images = new LinkedHashSet<>();
        for (int i = releases.size() - 1; i >= 0 && images.size() < kept; i--) {
            images.add(releases.get(i).imageId());
        }
        return List.copyOf(images);
    }

    /**
     * Replaces the domains. Rejected while a deployment runs, because that deployment would route the domains it
     * started with.
     */
    @CommandHandler
    public void handle(SetDomainsCommand command, ApplicationNames names) {
        RuntimeSpec changed = runtime.withDomains(command.domains());
        if (changed.domains().equals(runtime.domains())) {
            return;
        }
        if (laneHolder != null) {
            throw new DeploymentRunningException("Unable to change the domains of application '" + applicationId
                    + "' while deployment '" + laneHolder + "' runs. Change them once it ends.");
        }
        names.claimDomains(changed.domains(), applicationId);
        apply(new DomainsSetEvent(applicationId, changed.domains()));
    }

    @CommandHandler
    public void handle(SetImageRetentionCommand command) {
        if (!Objects.equals(keptImages, command.keptImages())) {
            apply(new ImageRetentionSetEvent(applicationId, command.keptImages()));
        }
    }

    @CommandHandler
    public long handle(SetEnvironmentVariableCommand command) {
        requireNotSecret(command.name());
        if (command.value().equals(configuration.environment().get(command.name().value()))) {
            return configuration.version();
        }
        long version = configuration.version() + 1;
        apply(new EnvironmentVariableSetEvent(applicationId, command.name(), command.value(), version));
        return version;
    }

    @CommandHandler
    public long handle(RemoveEnvironmentVariableCommand command) {
        if (!configuration.environment().containsKey(command.name().value())) {
            return configuration.version();
        }
        long version = configuration.version() + 1;
        apply(new EnvironmentVariableRemovedEvent(applicationId, command.name(), version));
        return version;
    }

    @CommandHandler
    public long handle(SetBuildArgumentCommand command) {
        if (command.value().equals(configuration.buildArguments().get(command.name().value()))) {
            return configuration.version();
        }
        long version = configuration.version() + 1;
        apply(new BuildArgumentSetEvent(applicationId, command.name(), command.value(), version));
        return version;
    }

    @CommandHandler
    public long handle(RemoveBuildArgumentCommand command) {
        if (!configuration.buildArguments().containsKey(command.name().value())) {
            return configuration.version();
        }
        long version = configuration.version() + 1;
        apply(new BuildArgumentRemovedEvent(applicationId, command.name(), version));
        return version;
    }

    /**
     * Stores a secret and returns the new configuration version. The value is decrypted here and checked against
     * {@link VariableValues#requireValidSecret}, because a command sent straight to the command gateway skips the
     * checks of the engine's and the frontends' methods.
     *
     * @throws InvalidInputException when the name is an environment variable of the application, or the value breaks
     *                               a rule of secret values. The message never repeats the value.
     * @throws dev.slipway.core.secret.SecretException when the value was not encrypted for this application and name
     */
    @CommandHandler
    public long handle(SetSecretCommand command, SecretVault vault) {
        if (configuration.environment().containsKey(command.name().value())) {
            throw new InvalidInputException("name", "is already an environment variable of this application;"
                    + " remove that variable first", command.name().value());
        }
        vault.checkPlaintext(applicationId, command.name().value(), command.value(),
                VariableValues::requireValidSecret);
        long version = configuration.version() + 1;
        apply(new SecretSetEvent(applicationId, command.name(), command.value(), version));
        return version;
    }

    @CommandHandler
    public long handle(RemoveSecretCommand command) {
        if (!configuration.secrets().containsKey(command.name().value())) {
            return configuration.version();
        }
        long version = configuration.version() + 1;
        apply(new SecretRemovedEvent(applicationId, command.name(), version));
        return version;
    }

    /**
     * Replaces a secret's ciphertext with one under a newer data key and returns the configuration version. The new
     * ciphertext must contain the stored value, because a command sent straight to the command gateway could otherwise
     * change the value without the checks of {@link SetSecretCommand}.
     *
     * @throws InvalidInputException when the new ciphertext contains another value. The message repeats neither.
     */
    @CommandHandler
    public long handle(ReencryptSecretCommand command, SecretVault vault) {
        if (!command.previous().equals(configuration.secrets().get(command.name().value()))) {
            return configuration.version();
        }
        if (!command.value().equals(command.previous())
                && !vault.sameValue(applicationId, command.name().value(), command.previous(), command.value())) {
            throw InvalidInputException.withoutValue("value", "must be the stored value of secret '"
                    + command.name().value() + "' encrypted again; set a new value with SetSecretCommand");
        }
        long version = configuration.version() + 1;
        apply(new SecretReencryptedEvent(applicationId, command.name(), command.value(), version));
        return version;
    }

    @CommandHandler
    public void handle(SetGitCredentialCommand command) {
        command.credential().requireFits(source.repositoryUrl());
        apply(new GitCredentialSetEvent(applicationId, command.credential()));
    }

    @CommandHandler
    public void handle(RemoveGitCredentialCommand command) {
        if (source.credential() != null) {
            apply(new GitCredentialRemovedEvent(applicationId));
        }
    }

    /**
     * Stores the webhook secret after checking that it decrypts for this application under
     * {@link SetWebhookCommand#SECRET_NAME} and is long enough, because a command sent straight to the command
     * gateway skips the engine's own secret generation.
     */
    @CommandHandler
    public void handle(SetWebhookCommand command, SecretVault vault) {
        vault.checkPlaintext(applicationId, SetWebhookCommand.SECRET_NAME, command.secret(), secret -> {
            if (secret.length() < SetWebhookCommand.MIN_SECRET_LENGTH) {
                throw InvalidInputException.withoutValue("secret", "must be at least "
                        + SetWebhookCommand.MIN_SECRET_LENGTH + " characters");
            }
        });
        apply(new WebhookSetEvent(applicationId, command.secret()));
    }

    @CommandHandler
    public void handle(RemoveWebhookCommand command) {
        if (webhook) {
            apply(new WebhookRemovedEvent(applicationId));
        }
    }

    @CommandHandler
    public void handle(DeleteApplicationCommand command) {
        apply(new ApplicationDeletedEvent(applicationId));
    }

    private void requireNotSecret(VariableName name) {
        if (configuration.secrets().containsKey(name.value())) {
            throw new InvalidInputException("name", "is already a secret of this application; remove that secret"
                    + " first", name.value());
        }
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
    void on(DomainsSetEvent event) {
        runtime = runtime.withDomains(event.domains());
    }

    @EventSourcingHandler
    void on(GitCredentialSetEvent event) {
        source = source.withCredential(event.credential());
    }

    @EventSourcingHandler
    void on(GitCredentialRemovedEvent event) {
        source = source.withCredential(null);
    }

    @EventSourcingHandler
    void on(WebhookSetEvent event) {
        webhook = true;
    }

    @EventSourcingHandler
    void on(WebhookRemovedEvent event) {
        webhook = false;
    }

    @EventSourcingHandler
    void on(ReleaseRecordedEvent event) {
        release = event.release();
        releases.add(event.release());
    }

    @EventSourcingHandler
    void on(IdempotencyKeyRecordedEvent event) {
        deploymentsByKey.putIfAbsent(event.idempotencyKey().value(), event.deploymentId());
    }

    @EventSourcingHandler
    void on(DeploymentQueuedEvent event) {
        queuedDeployments.add(event.deploymentId());
    }

    @EventSourcingHandler
    void on(DeploymentAdmittedEvent event) {
        queuedDeployments.remove(event.deploymentId());
        laneHolder = event.deploymentId();
    }

    @EventSourcingHandler
    void on(DeploymentLaneLeftEvent event) {
        if (event.deploymentId().equals(laneHolder)) {
            laneHolder = null;
        }
        queuedDeployments.remove(event.deploymentId());
    }

    @EventSourcingHandler
    void on(ImageRetentionSetEvent event) {
        keptImages = event.keptImages();
    }

    @EventSourcingHandler
    void on(EnvironmentVariableSetEvent event) {
        configuration = configuration.withEnvironmentVariable(event.name(), event.value());
    }

    @EventSourcingHandler
    void on(EnvironmentVariableRemovedEvent event) {
        configuration = configuration.withoutEnvironmentVariable(event.name());
    }

    @EventSourcingHandler
    void on(BuildArgumentSetEvent event) {
        configuration = configuration.withBuildArgument(event.name(), event.value());
    }

    @EventSourcingHandler
    void on(BuildArgumentRemovedEvent event) {
        configuration = configuration.withoutBuildArgument(event.name());
    }

    @EventSourcingHandler
    void on(SecretSetEvent event) {
        configuration = configuration.withSecret(event.name(), event.value());
    }

    @EventSourcingHandler
    void on(SecretRemovedEvent event) {
        configuration = configuration.withoutSecret(event.name());
    }

    @EventSourcingHandler
    void on(SecretReencryptedEvent event) {
        configuration = configuration.withSecret(event.name(), event.value());
    }

    @EventSourcingHandler
    void on(ApplicationDeletedEvent event) {
        markDeleted();
    }
}
