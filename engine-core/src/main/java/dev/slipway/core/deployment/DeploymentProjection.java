package dev.slipway.core.deployment;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationDeletedEvent;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;
import dev.slipway.core.readmodel.NewestFirstIndex;
import dev.slipway.core.readmodel.ReadModel;
import dev.slipway.core.readmodel.StoredTime;
import dev.slipway.core.readmodel.VisibleViews;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.team.TeamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryHandler;

/**
 * Read model of deployments and their steps, handling {@link FindDeploymentsQuery}, {@link FindDeploymentPageQuery}
 * and {@link FindDeploymentQuery}.
 */
public final class DeploymentProjection implements ReadModel {

    private static final String INDEX_KIND = "deployment";
    /** The newest-first order of every list of deployments, by request time and then by id. */
    private static final Comparator<DeploymentView> NEWEST_FIRST = Comparator.comparing(DeploymentView::requestedAt)
            .thenComparing(DeploymentView::id)
            .reversed();

    private final Map<DeploymentId, Entry> deployments = new ConcurrentHashMap<>();
    private final NewestFirstIndex<DeploymentId> newestFirst = new NewestFirstIndex<>(INDEX_KIND);
    private final Map<ApplicationId, NewestFirstIndex<DeploymentId>> newestFirstByApplication =
            new ConcurrentHashMap<>();
    private final Map<ApplicationId, DeploymentId> laneHolders = new ConcurrentHashMap<>();
    /** The release of each lane holder that succeeded, until it leaves the lane. */
    private final Map<ApplicationId, Release> laneHolderReleases = new ConcurrentHashMap<>();
    /** The deployments that wait in each application's queue, the next one first. */
    private final Map<ApplicationId, List<DeploymentId>> queues = new ConcurrentHashMap<>();

    @EventHandler
    void on(DeploymentRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime,
            MetaData metaData) {
        Instant timestamp = StoredTime.of(eventTime);
        RequestContext context = RequestContext.fromMetaData(metaData);
        String requestedBy = context == null ? null : context.caller().toString();
        Object team = metaData.get(RequestContext.TEAM);
        String rollbackOf = event.rollbackOf() == null ? null : event.rollbackOf().deploymentId().toString();
        String imageId = event.rollbackOf() == null ? null : event.rollbackOf().imageId();
        DeploymentView view = new DeploymentView(event.deploymentId().toString(), event.applicationId().toString(),
                event.applicationName().value(), event.source().ref().value(), null, DeploymentStatus.REQUESTED, null,
                null, null, null, imageId, requestedBy, timestamp, null, List.of(), rollbackOf,
                team == null ? null : team.toString());
        if (deployments.putIfAbsent(event.deploymentId(), new Entry(view, sequence, null)) == null) {
            newestFirst.add(timestamp, view.id(), event.deploymentId());
            newestFirstByApplication.computeIfAbsent(event.applicationId(), id -> new NewestFirstIndex<>(INDEX_KIND))
                    .add(timestamp, view.id(), event.deploymentId());
        }
    }

    /**
     * Shows a requested deployment as QUEUED, with its place in the lane as the reason. The event comes from the
     * application's stream, whose sequence numbers are not the deployment's, so a status check replaces the
     * sequence check.
     */
    @EventHandler
    void on(DeploymentQueuedEvent event) {
        queues.compute(event.applicationId(), (application, queue) -> {
            List<DeploymentId> waiting = queue == null ? new ArrayList<>() : queue;
            waiting.add(event.deploymentId());
            return waiting;
        });
        updateFromApplication(event.deploymentId(), DeploymentStatus.REQUESTED, v -> copy(v, v.commit(),
                DeploymentStatus.QUEUED, null, waitingReason(event.position(), v, event.runningDeploymentId()),
                null, null, v.imageId(), null, v.steps()));
    }

    /** Moves the deployments behind {@code left} one place up, waiting for {@code running} to end. */
    private void leaveQueue(ApplicationId applicationId, DeploymentId left, DeploymentId running) {
        queues.computeIfPresent(applicationId, (application, waiting) -> {
            if (!waiting.remove(left)) {
                return waiting;
            }
            for (int i = 0; i < waiting.size(); i++) {
                int position = i + 1;
                updateFromApplication(waiting.get(i), DeploymentStatus.QUEUED, v -> copy(v, v.commit(),
                        DeploymentStatus.QUEUED, null, waitingReason(position, v, running), null, null, v.imageId(),
                        null, v.steps()));
            }
            return waiting.isEmpty() ? null : waiting;
        });
    }

    private static String waitingReason(int position, DeploymentView view, DeploymentId running) {
        return "Waiting at position " + position + " in the queue of application '" + view.applicationName()
                + "' until deployment '" + running + "' ends.";
    }

    /**
     * Records the deployment as its application's lane holder, and shows a queued deployment that its application
     * admitted as REQUESTED until it starts.
     */
    @EventHandler
    void on(DeploymentAdmittedEvent event) {
        laneHolders.put(event.applicationId(), event.deploymentId());
        leaveQueue(event.applicationId(), event.deploymentId(), event.deploymentId());
        updateFromApplication(event.deploymentId(), DeploymentStatus.QUEUED, v -> copy(v, v.commit(),
                DeploymentStatus.REQUESTED, null, null, null, null, v.imageId(), null, v.steps()));
    }

    @EventHandler
    void on(DeploymentLaneLeftEvent event) {
        laneHolders.remove(event.applicationId(), event.deploymentId());
        laneHolderReleases.computeIfPresent(event.applicationId(),
                (application, release) -> release.deploymentId().equals(event.deploymentId()) ? null : release);
    }

    @EventHandler
    void on(ApplicationDeletedEvent event) {
        queues.remove(event.applicationId());
        laneHolders.remove(event.applicationId());
        laneHolderReleases.remove(event.applicationId());
    }

    @EventHandler
    void on(DeploymentStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime) {
        Instant timestamp = StoredTime.of(eventTime);
        update(event.deploymentId(), sequence, timestamp, (v, stepStart) -> copy(v, v.commit(),
                DeploymentStatus.RUNNING, null, null, null, null, v.imageId(), null, v.steps()));
    }

    @EventHandler
    void on(DeploymentCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime) {
        leaveQueue(event.applicationId(), event.deploymentId(), laneHolders.get(event.applicationId()));
        Instant timestamp = StoredTime.of(eventTime);
        update(event.deploymentId(), sequence, timestamp, (v, stepStart) -> copy(v, v.commit(),
                DeploymentStatus.CANCELLED, event.step(), event.reason(), v.url(), v.containerId(), v.imageId(),
                timestamp, v.steps()));
    }

    @EventHandler
    void on(CommitResolvedEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime) {
        Instant timestamp = StoredTime.of(eventTime);
        update(event.deploymentId(), sequence, timestamp, (v, stepStart) -> copy(v, event.commit().value(),
                v.status(), null, null, v.url(), v.containerId(), v.imageId(), null,
                step(v, stepStart, DeploymentStep.RESOLVE_COMMIT, true, timestamp, event.commit().value())));
    }

    @EventHandler
    void on(SourceCheckedOutEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime) {
        Instant timestamp = StoredTime.of(eventTime);
        update(event.deploymentId(), sequence, timestamp, (v, stepStart) -> withStep(v, stepStart,
                DeploymentStep.CHECK_OUT, timestamp, event.commit().abbreviated()));
    }

    @EventHandler
    void on(BuildSlotAwaitedEvent event, @SequenceNumber long sequence) {
        update(event.deploymentId(), sequence, null, (v, stepStart) -> copy(v, v.commit(), DeploymentStatus.QUEUED,
                null, event.reason(), v.url(), v.containerId(), v.imageId(), null, v.steps()));
    }

    /** Shows the deployment as RUNNING again; its BUILD_IMAGE step starts when it took the slot. */
    @EventHandler
    void on(BuildSlotTakenEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime) {
        Instant timestamp = StoredTime.of(eventTime);
        update(event.deploymentId(), sequence, timestamp, (v, stepStart) -> copy(v, v.commit(),
                DeploymentStatus.RUNNING, null, null, v.url(), v.containerId(), v.imageId(), null, v.steps()));
    }

    @EventHandler
    void on(ImageBuiltEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime) {
        Instant timestamp = StoredTime.of(eventTime);
        update(event.deploymentId(), sequence, timestamp, (v, stepStart) -> copy(v, v.commit(), v.status(), null,
                null, v.url(), v.containerId(), event.imageId(), null,
                step(v, stepStart, DeploymentStep.BUILD_IMAGE, true, timestamp, event.imageTag()))
                .withImage(event.imageTag()));
    }

    @EventHandler
    void on(ContainerStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime) {
        Instant timestamp = StoredTime.of(eventTime);
        update(event.deploymentId(), sequence, timestamp, (v, stepStart) -> copy(v, v.commit(), v.status(), null,
                null, event.url(), event.containerId(), v.imageId(), null,
                step(v, stepStart, DeploymentStep.START_CONTAINER, true, timestamp,
                        event.containerName() + " " + event.url())));
    }

    @EventHandler
    void on(HealthCheckPassedEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime) {
        Instant timestamp = StoredTime.of(eventTime);
        update(event.deploymentId(), sequence, timestamp, (v, stepStart) -> withStep(v, stepStart,
                DeploymentStep.HEALTH_CHECK, timestamp, event.detail()));
    }

    @EventHandler
    void on(TrafficSwitchedEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime) {
        Instant timestamp = StoredTime.of(eventTime);
        String detail = event.domains().stream().map(DomainName::value).collect(Collectors.joining(", "))
                + " to " + event.containerName();
        update(event.deploymentId(), sequence, timestamp, (v, stepStart) -> withStep(v, stepStart,
                DeploymentStep.SWITCH_TRAFFIC, timestamp, detail));
    }

    @EventHandler
    void on(PreviousContainerStoppedEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime) {
        Instant timestamp = StoredTime.of(eventTime);
        update(event.deploymentId(), sequence, timestamp, (v, stepStart) -> withStep(v, stepStart,
                DeploymentStep.STOP_PREVIOUS, timestamp, event.containerId()));
    }

    @EventHandler
    void on(DeploymentSucceededEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime) {
        if (event.deploymentId().equals(laneHolders.get(event.applicationId()))) {
            laneHolderReleases.put(event.applicationId(), event.release());
        }
        Instant timestamp = StoredTime.of(eventTime);
        update(event.deploymentId(), sequence, timestamp, (v, stepStart) -> copy(v, v.commit(),
                DeploymentStatus.SUCCEEDED, null, null, v.url(), v.containerId(), v.imageId(), timestamp, v.steps()));
    }

    @EventHandler
    void on(DeploymentFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant eventTime) {
        Instant timestamp = StoredTime.of(eventTime);
        update(event.deploymentId(), sequence, timestamp, (v, stepStart) -> copy(v, v.commit(),
                DeploymentStatus.FAILED, event.step(), event.reason(), v.url(), v.containerId(), v.imageId(),
                timestamp, step(v, stepStart, event.step(), false, timestamp, event.reason())));
    }

    /**
     * Returns the team of a deployment's application, or empty when the deployment does not exist. Deployments
     * requested before applications had teams return {@link TeamId#UNASSIGNED}.
     */
    public Optional<TeamId> teamOf(DeploymentId deploymentId) {
        Entry entry = deployments.get(deploymentId);
        if (entry == null) {
            return Optional.empty();
        }
        String team = entry.view().teamId();
        return Optional.of(team == null ? TeamId.UNASSIGNED : TeamId.of(team));
    }

    @QueryHandler
    public List<DeploymentView> handle(FindDeploymentsQuery query) {
        String applicationId = query.applicationId() == null ? null : query.applicationId().toString();
        return deployments.values().stream()
                .map(Entry::view)
                .filter(view -> applicationId == null || applicationId.equals(view.applicationId()))
                .sorted(NEWEST_FIRST)
                .toList();
    }

    /**
     * Returns one page of deployments, newest first, keyed by request time and id. Deployments that the caller may
     * not see are skipped before they count towards the page.
     */
    @QueryHandler
    public DeploymentPage handle(FindDeploymentPageQuery query) {
        NewestFirstIndex<DeploymentId> index = query.applicationId() == null ? newestFirst
                : newestFirstByApplication.get(query.applicationId());
        if (index == null) {
            // An application without deployments has no index yet. An empty one still checks first and after.
            index = new NewestFirstIndex<>(INDEX_KIND);
        }
        NewestFirstIndex.Slice<DeploymentPage.Edge> slice = index.page(query.after(), query.first(), this::viewOf,
                VisibleViews.current(), DeploymentPage.Edge::new);
        return new DeploymentPage(slice.edges(), slice.endCursor(), slice.hasNextPage());
    }

    @QueryHandler
    public Optional<DeploymentView> handle(FindDeploymentQuery query) {
        return Optional.ofNullable(deployments.get(query.deploymentId())).map(Entry::view);
    }

    /**
     * Returns each application's lane holder: the deployment its application admitted last and has not yet removed
     * from the lane, which may have ended already.
     */
    public Map<ApplicationId, DeploymentId> laneHolders() {
        return Map.copyOf(laneHolders);
    }

    /**
     * Returns the release that a deployment started, while the deployment has succeeded and is still its
     * application's lane holder. A deployment leaves the lane right after its application records its release, so
     * only an engine that stopped in between leaves such a release for its next start.
     */
    public Optional<Release> succeededLaneHolderRelease(DeploymentId deploymentId) {
        return laneHolderReleases.values().stream()
                .filter(release -> release.deploymentId().equals(deploymentId))
                .findFirst();
    }

    @Override
    public void reset() {
        deployments.clear();
        newestFirst.clear();
        newestFirstByApplication.clear();
        queues.clear();
        laneHolders.clear();
        laneHolderReleases.clear();
    }

    private DeploymentView viewOf(DeploymentId id) {
        Entry entry = deployments.get(id);
        return entry == null ? null : entry.view();
    }

    /** Applies an event of the application's stream to a deployment that is in {@code status}, else ignores it. */
    private void updateFromApplication(DeploymentId id, DeploymentStatus status,
                                       UnaryOperator<DeploymentView> change) {
        deployments.computeIfPresent(id, (key, entry) -> entry.view().status() != status
                ? entry
                : new Entry(change.apply(entry.view()), entry.sequence(), entry.stepStartedAt()));
    }

    /**
     * Applies an event unless the view already has it. The change receives the time the current step started, and
     * {@code transitionAt}, when not null, becomes the start of the next step.
     */
    private void update(DeploymentId id, long sequence, Instant transitionAt,
                        BiFunction<DeploymentView, Instant, DeploymentView> change) {
        deployments.computeIfPresent(id, (key, entry) -> sequence <= entry.sequence()
                ? entry
                : new Entry(change.apply(entry.view(), entry.stepStartedAt()), sequence,
                        transitionAt == null ? entry.stepStartedAt() : transitionAt));
    }

    private static DeploymentView withStep(DeploymentView v, Instant stepStart, DeploymentStep step, Instant at,
                                           String detail) {
        return copy(v, v.commit(), v.status(), v.failedStep(), v.reason(), v.url(), v.containerId(), v.imageId(),
                v.finishedAt(), step(v, stepStart, step, true, at, detail));
    }

    private static List<StepView> step(DeploymentView v, Instant stepStart, DeploymentStep step, boolean succeeded,
                                       Instant at, String detail) {
        List<StepView> steps = new ArrayList<>(v.steps());
        steps.add(StepView.timed(step, succeeded, stepStart, at, detail));
        return steps;
    }

    private static DeploymentView copy(DeploymentView v, String commit, DeploymentStatus status,
                                       DeploymentStep failedStep, String reason, String url, String containerId,
                                       String imageId, Instant finishedAt, List<StepView> steps) {
        return new DeploymentView(v.id(), v.applicationId(), v.applicationName(), v.ref(), commit, status, failedStep,
                reason, url, containerId, imageId, v.requestedBy(), v.requestedAt(), finishedAt, steps,
                v.rollbackOf(), v.teamId(), v.image());
    }

    /**
     * A view with the sequence number of the last event applied to it, so repeated events are ignored, and the time
     * its current step started.
     */
    private record Entry(DeploymentView view, long sequence, Instant stepStartedAt) {
    }
}
