package dev.slipway.core.application;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentRequestedEvent;
import dev.slipway.core.readmodel.NewestFirstIndex;
import dev.slipway.core.readmodel.ReadModel;
import dev.slipway.core.readmodel.StoredTime;
import dev.slipway.core.readmodel.VisibleViews;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.team.TeamId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryHandler;

/**
 * Read model of applications and their configuration. It handles {@link FindApplicationsQuery},
 * {@link FindApplicationPageQuery}, {@link FindApplicationQuery}, {@link FindConfigurationQuery},
 * {@link FindApplicationConfigurationQuery}, {@link FindDeploymentConfigurationQuery} and
 * {@link FindWebhookSecretQuery}.
 */
public final class ApplicationProjection implements ReadModel {

    /** The newest-first order of every list of applications, by creation time and then by id. */
    private static final Comparator<ApplicationView> NEWEST_FIRST = Comparator.comparing(ApplicationView::createdAt)
            .thenComparing(ApplicationView::id)
            .reversed();

    private final Map<ApplicationId, Entry> applications = new ConcurrentHashMap<>();
    private final NewestFirstIndex<ApplicationId> newestFirst = new NewestFirstIndex<>("application");
    private final Map<ApplicationId, ConfigurationEntry> configurations = new ConcurrentHashMap<>();
    private final Map<DeploymentId, ConfigurationView> deploymentConfigurations = new ConcurrentHashMap<>();
    private final Map<ApplicationId, Map<String, SecretView>> secrets = new ConcurrentHashMap<>();
    /** The encrypted secret of each application's push webhook. */
    private final Map<ApplicationId, EncryptedSecret> webhooks = new ConcurrentHashMap<>();
    /** The team of every application, also of deleted ones, whose configuration stays readable. */
    private final Map<ApplicationId, TeamId> teams = new ConcurrentHashMap<>();
    private final ApplicationNames names;

    public ApplicationProjection(ApplicationNames names) {
        this.names = names;
    }

    @EventHandler
    void on(ApplicationCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime,
            MetaData metaData) {
        Instant timestamp = StoredTime.of(eventTime);
        RequestContext context = RequestContext.fromMetaData(metaData);
        String createdBy = context == null ? null : context.caller().toString();
        SourceSpec source = event.source();
        TeamId team = event.teamId();
        ApplicationView view = new ApplicationView(event.applicationId().toString(), event.name().value(),
                source.repositoryUrl().value(), source.ref().value(), source.buildContext().value(),
                source.dockerfile().value(), event.runtime().containerPort(), event.runtime().healthCheck().path(),
                event.serverId().toString(), null, null, null, timestamp, createdBy,
                team == null ? null : team.toString(), RuntimeSettingsView.of(event.runtime()), null);
        if (applications.putIfAbsent(event.applicationId(), new Entry(view, sequence)) == null) {
            newestFirst.add(timestamp, view.id(), event.applicationId());
        }
        teams.putIfAbsent(event.applicationId(), team == null ? TeamId.UNASSIGNED : team);
        configurations.putIfAbsent(event.applicationId(), new ConfigurationEntry(ApplicationConfiguration.EMPTY,
                sequence));
        names.record(team, event.name(), event.applicationId());
        names.recordDomains(event.runtime().domains(), event.applicationId());
    }

    @EventHandler
    void on(EnvironmentVariableSetEvent event, @SequenceNumber long sequence) {
        updateConfiguration(event.applicationId(), sequence,
                configuration -> configuration.withEnvironmentVariable(event.name(), event.value()));
    }

    @EventHandler
    void on(EnvironmentVariableRemovedEvent event, @SequenceNumber long sequence) {
        updateConfiguration(event.applicationId(), sequence,
                configuration -> configuration.withoutEnvironmentVariable(event.name()));
    }

    @EventHandler
    void on(BuildArgumentSetEvent event, @SequenceNumber long sequence) {
        updateConfiguration(event.applicationId(), sequence,
                configuration -> configuration.withBuildArgument(event.name(), event.value()));
    }

    @EventHandler
    void on(BuildArgumentRemovedEvent event, @SequenceNumber long sequence) {
        updateConfiguration(event.applicationId(), sequence,
                configuration -> configuration.withoutBuildArgument(event.name()));
    }

    @EventHandler
    void on(SecretSetEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime, MetaData metaData) {
        RequestContext context = RequestContext.fromMetaData(metaData);
        String setBy = context == null ? null : context.caller().toString();
        updateConfiguration(event.applicationId(), sequence, configuration -> {
            SecretView previous = secretsOf(event.applicationId()).get(event.name().value());
            long version = previous == null ? 1 : previous.version() + 1;
            secretsOf(event.applicationId()).put(event.name().value(), new SecretView(event.name().value(), version,
                    event.value().keyId(), setBy, StoredTime.of(eventTime), SecretView.MASK, false));
            return configuration.withSecret(event.name(), event.value());
        });
    }

    @EventHandler
    void on(SecretReencryptedEvent event, @SequenceNumber long sequence) {
        updateConfiguration(event.applicationId(), sequence, configuration -> {
            secretsOf(event.applicationId()).computeIfPresent(event.name().value(), (name, previous) ->
                    new SecretView(name, previous.version(), event.value().keyId(), previous.setBy(), previous.setAt(),
                            SecretView.MASK, false));
            return configuration.withSecret(event.name(), event.value());
        });
    }

    @EventHandler
    void on(SecretRemovedEvent event, @SequenceNumber long sequence) {
        updateConfiguration(event.applicationId(), sequence, configuration -> {
            secretsOf(event.applicationId()).remove(event.name().value());
            return configuration.withoutSecret(event.name());
        });
    }

    /**
     * Removes a deleted application from the application list, releases its name and shows its secrets as
     * destroyed. Its configuration stays readable, so that the API can show which secrets were shredded.
     */
    @EventHandler
    void on(ApplicationDeletedEvent event) {
        Entry removed = applications.remove(event.applicationId());
        webhooks.remove(event.applicationId());
        if (removed != null) {
            newestFirst.remove(removed.view().createdAt(), removed.view().id());
            String team = removed.view().teamId();
            names.release(team == null ? null : TeamId.of(team), new ApplicationName(removed.view().name()),
                    event.applicationId());
            names.releaseDomains(removed.view().runtime().domains().stream().map(DomainName::new).toList(),
                    event.applicationId());
        }
        secretsOf(event.applicationId()).replaceAll((name, secret) -> new SecretView(name, secret.version(),
                secret.keyId(), secret.setBy(), secret.setAt(), SecretView.MASK, true));
    }

    @EventHandler
    void on(WebhookSetEvent event, @SequenceNumber long sequence) {
        updateWebhook(event.applicationId(), sequence, event.secret());
    }

    @EventHandler
    void on(WebhookRemovedEvent event, @SequenceNumber long sequence) {
        updateWebhook(event.applicationId(), sequence, null);
    }

    @EventHandler
    void on(DeploymentRequestedEvent event) {
        deploymentConfigurations.putIfAbsent(event.deploymentId(),
                view(event.applicationId(), event.configuration()));
    }

    @EventHandler
    void on(ReleaseRecordedEvent event, @SequenceNumber long sequence) {
        applications.computeIfPresent(event.applicationId(), (id, entry) -> {
            if (sequence <= entry.sequence()) {
                return entry;
            }
            ApplicationView v = entry.view();
            Release release = event.release();
            return new Entry(new ApplicationView(v.id(), v.name(), v.repositoryUrl(), v.ref(), v.buildContext(),
                    v.dockerfile(), v.containerPort(), v.healthCheckPath(), v.serverId(),
                    release.deploymentId().toString(), release.commit().value(), release.url(), v.createdAt(),
                    v.createdBy(), v.teamId(), v.runtime(), release.imageId(), v.webhook()), sequence);
        });
    }

    @EventHandler
    void on(DomainsSetEvent event, @SequenceNumber long sequence) {
        applications.computeIfPresent(event.applicationId(), (id, entry) -> {
            if (sequence <= entry.sequence()) {
                return entry;
            }
            ApplicationView v = entry.view();
            List<DomainName> previous = v.runtime().domains().stream().map(DomainName::new).toList();
            names.releaseDomains(previous, id);
            names.recordDomains(event.domains(), id);
            RuntimeSettingsView runtime = v.runtime().withDomains(
                    event.domains().stream().map(DomainName::value).toList());
            return new Entry(new ApplicationView(v.id(), v.name(), v.repositoryUrl(), v.ref(), v.buildContext(),
                    v.dockerfile(), v.containerPort(), v.healthCheckPath(), v.serverId(), v.currentDeploymentId(),
                    v.currentCommit(), v.url(), v.createdAt(), v.createdBy(), v.teamId(), runtime, v.currentImageId(),
                    v.webhook()), sequence);
        });
    }

    /**
     * Returns the team of an application, also after it was deleted, or empty when it never existed. Applications
     * created before they had teams return {@link TeamId#UNASSIGNED}.
     */
    public Optional<TeamId> teamOf(ApplicationId applicationId) {
        return Optional.ofNullable(teams.get(applicationId));
    }

    @QueryHandler
    public List<ApplicationView> handle(FindApplicationsQuery query) {
        return applications.values().stream()
                .map(Entry::view)
                .sorted(NEWEST_FIRST)
                .toList();
    }

    /**
     * Returns one page of applications, newest first, keyed by creation time and id. Applications that the caller
     * may not see are skipped before they count towards the page.
     */
    @QueryHandler
    public ApplicationPage handle(FindApplicationPageQuery query) {
        NewestFirstIndex.Slice<ApplicationPage.Edge> slice = newestFirst.page(query.after(), query.first(),
                this::viewOf, VisibleViews.current(), ApplicationPage.Edge::new);
        return new ApplicationPage(slice.edges(), slice.endCursor(), slice.hasNextPage());
    }

    @QueryHandler
    public Optional<ApplicationView> handle(FindApplicationQuery query) {
        return Optional.ofNullable(applications.get(query.applicationId())).map(Entry::view);
    }

    @QueryHandler
    public Optional<ConfigurationView> handle(FindConfigurationQuery query) {
        return Optional.ofNullable(configurations.get(query.applicationId()))
                .map(entry -> view(query.applicationId(), entry.configuration()));
    }

    @QueryHandler
    public Optional<ApplicationConfiguration> handle(FindApplicationConfigurationQuery query) {
        return Optional.ofNullable(configurations.get(query.applicationId())).map(ConfigurationEntry::configuration);
    }

    @QueryHandler
    public Optional<ConfigurationView> handle(FindDeploymentConfigurationQuery query) {
        return Optional.ofNullable(deploymentConfigurations.get(query.deploymentId()));
    }

    @QueryHandler
    public Optional<EncryptedSecret> handle(FindWebhookSecretQuery query) {
        return Optional.ofNullable(webhooks.get(query.applicationId()));
    }

    @Override
    public void reset() {
        applications.clear();
        newestFirst.clear();
        configurations.clear();
        deploymentConfigurations.clear();
        secrets.clear();
        webhooks.clear();
        teams.clear();
        names.clear();
    }

    private ApplicationView viewOf(ApplicationId id) {
        Entry entry = applications.get(id);
        return entry == null ? null : entry.view();
    }

    private Map<String, SecretView> secretsOf(ApplicationId id) {
        return secrets.computeIfAbsent(id, key -> new ConcurrentHashMap<>());
    }

    /** Shows a configuration with each secret's name, version and key id, and a mask in place of its value. */
    private ConfigurationView view(ApplicationId id, ApplicationConfiguration configuration) {
        Map<String, SecretView> known = secretsOf(id);
        List<SecretView> secretViews = configuration.secrets().entrySet().stream()
                .map(secret -> {
                    SecretView current = known.get(secret.getKey());
                    return new SecretView(secret.getKey(), current == null ? 0 : current.version(),
                            secret.getValue().keyId(), current == null ? null : current.setBy(),
                            current == null ? null : current.setAt(), SecretView.MASK,
                            current != null && current.destroyed());
                })
                .toList();
        return new ConfigurationView(id.toString(), configuration.version(), configuration.environment(),
                configuration.buildArguments(), secretViews);
    }

    /**
     * Applies one configuration change. The version is counted here as in the aggregate, so a replay rebuilds the
     * same versions. An event whose sequence number was already applied is ignored.
     */
    private void updateConfiguration(ApplicationId id, long sequence, UnaryOperator<ApplicationConfiguration> change) {
        configurations.computeIfPresent(id, (key, entry) -> sequence <= entry.sequence()
                ? entry
                : new ConfigurationEntry(change.apply(entry.configuration()), sequence));
    }

    /**
     * Sets or, when {@code secret} is null, removes the webhook of an application that exists. An event whose sequence
     * number was already applied is ignored.
     */
    private void updateWebhook(ApplicationId id, long sequence, EncryptedSecret secret) {
        applications.computeIfPresent(id, (key, entry) -> {
            if (sequence <= entry.sequence()) {
                return entry;
            }
            if (secret == null) {
                webhooks.remove(id);
            } else {
                webhooks.put(id, secret);
            }
            return new Entry(entry.view().withWebhook(secret != null), sequence);
        });
    }

    /** A view with the sequence number of the last event applied to it, so repeated events are ignored. */
    private record Entry(ApplicationView view, long sequence) {
    }

    /** A configuration with the sequence number of the last event applied to it. */
    private record ConfigurationEntry(ApplicationConfiguration configuration, long sequence) {
    }
}
