package dev.slipway.core.application;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.readmodel.ReadModel;
import dev.slipway.core.readmodel.StoredTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryHandler;

/** Read model of applications, answering {@link FindApplicationsQuery} and {@link FindApplicationQuery}. */
@ProcessingGroup(ReadModel.PROCESSING_GROUP)
public final class ApplicationProjection implements ReadModel {

    private final Map<ApplicationId, Entry> applications = new ConcurrentHashMap<>();
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
        ApplicationView view = new ApplicationView(event.applicationId().toString(), event.name().value(),
                source.repositoryUrl().value(), source.ref().value(), source.buildContext().value(),
                source.dockerfile().value(), event.runtime().containerPort(), event.runtime().healthCheck().path(),
                event.serverId().toString(), null, null, null, timestamp, createdBy);
        applications.putIfAbsent(event.applicationId(), new Entry(view, sequence));
        names.record(event.name(), event.applicationId());
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
                    v.createdBy()), sequence);
        });
    }

    @QueryHandler
    public List<ApplicationView> handle(FindApplicationsQuery query) {
        return applications.values().stream()
                .map(Entry::view)
                .sorted(Comparator.comparing(ApplicationView::createdAt).reversed())
                .toList();
    }

    @QueryHandler
    public Optional<ApplicationView> handle(FindApplicationQuery query) {
        return Optional.ofNullable(applications.get(query.applicationId())).map(Entry::view);
    }

    @Override
    public void reset() {
        applications.clear();
        names.clear();
    }

    /** A view with the sequence number of the last event applied to it, so repeated events are ignored. */
    private record Entry(ApplicationView view, long sequence) {
    }
}
