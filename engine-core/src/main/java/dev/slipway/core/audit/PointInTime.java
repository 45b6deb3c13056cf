package dev.slipway.core.audit;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.application.ApplicationCreatedEvent;
import dev.slipway.core.application.ApplicationDeletedEvent;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.BuildArgumentRemovedEvent;
import dev.slipway.core.application.BuildArgumentSetEvent;
import dev.slipway.core.application.EnvironmentVariableRemovedEvent;
import dev.slipway.core.application.EnvironmentVariableSetEvent;
import dev.slipway.core.application.GitCredentialRemovedEvent;
import dev.slipway.core.application.GitCredentialSetEvent;
import dev.slipway.core.application.ImageRetentionSetEvent;
import dev.slipway.core.application.Release;
import dev.slipway.core.application.ReleaseRecordedEvent;
import dev.slipway.core.application.SecretRemovedEvent;
import dev.slipway.core.application.SecretSetEvent;
import dev.slipway.core.readmodel.StoredTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * Computes the state of an application as of a timestamp or a global event position by reading the event stream
 * from its start, without any read model.
 */
public final class PointInTime {

    private final Supplier<EventStorageEngine> eventStorage;

    public PointInTime(Supplier<EventStorageEngine> eventStorage) {
        this.eventStorage = eventStorage;
    }

    /**
     * Returns the application as of {@code time}: each of its events stored at or before it applies. Its events are
     * applied in the order of their aggregate sequence, and the first one stored after {@code time} ends the fold,
     * so events of other aggregates that several writers stored with timestamps out of global order do not matter.
     *
     * @throws NotFoundException when the application did not exist yet at that time
     */
    public ApplicationState applicationAt(ApplicationId applicationId, Instant time) {
        return fold(applicationId, Long.MAX_VALUE, StoredTime.of(time));
    }

    /**
     * Returns the application as of a global event position: every event at or before it applies.
     *
     * @throws NotFoundException when the application did not exist yet at that position
     */
    public ApplicationState applicationAt(ApplicationId applicationId, long position) {
        return fold(applicationId, position, Instant.MAX);
    }

    // NOTE: this reads the stream from its start each time, so its cost grows with the whole store, not with the
    // application's own events.
    private ApplicationState fold(ApplicationId applicationId, long lastPosition, Instant lastTime) {
        State state = new State();
        String aggregateId = applicationId.toString();
        try (Stream<? extends TrackedEventMessage<?>> events = eventStorage.get().readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                long position = event.trackingToken().position().orElse(-1);
                if (position > lastPosition) {
                    break;
                }
                if (event instanceof DomainEventMessage<?> domain
                        && aggregateId.equals(domain.getAggregateIdentifier())) {
                    Instant time = StoredTime.of(event.getTimestamp());
                    if (time.isAfter(lastTime)) {
                        break;
                    }
                    state.apply(event.getPayload(), position, time);
                }
            }
        }
        if (state.created == null) {
            throw new NotFoundException("application", aggregateId);
        }
        return state.toView();
    }

    /** The state while the stream is folded. */
    private static final class State {

        private ApplicationCreatedEvent created;
        private final Map<String, String> environment = new TreeMap<>();
        private final Map<String, String> buildArguments = new TreeMap<>();
        private final TreeSet<String> secretNames = new TreeSet<>();
        private String gitCredential;
        private Integer keptImages;
        private Release release;
        private boolean deleted;
        private long position;
        private Instant time;

        void apply(Object payload, long eventPosition, Instant eventTime) {
            position = eventPosition;
            time = eventTime;
            if (payload instanceof ApplicationCreatedEvent event) {
                created = event;
            } else if (payload instanceof EnvironmentVariableSetEvent event) {
                environment.put(event.name().value(), event.value());
            } else if (payload instanceof EnvironmentVariableRemovedEvent event) {
                environment.remove(event.name().value());
            } else if (payload instanceof BuildArgumentSetEvent event) {
                buildArguments.put(event.name().value(), event.value());
            } else if (payload instanceof BuildArgumentRemovedEvent event) {
                buildArguments.remove(event.name().value());
            } else if (payload instanceof SecretSetEvent event) {
                secretNames.add(event.name().value());
            } else if (payload instanceof SecretRemovedEvent event) {
                secretNames.remove(event.name().value());
            } else if (payload instanceof GitCredentialSetEvent event) {
                gitCredential = event.credential().kind().name();
            } else if (payload instanceof GitCredentialRemovedEvent) {
                gitCredential = null;
            } else if (payload instanceof ImageRetentionSetEvent event) {
                keptImages = event.keptImages();
            } else if (payload instanceof ReleaseRecordedEvent event) {
                release = event.release();
            } else if (payload instanceof ApplicationDeletedEvent) {
                deleted = true;
            }
        }

        ApplicationState toView() {
            return new ApplicationState(created.applicationId().toString(), created.name().value(),
                    created.source().repositoryUrl().value(), created.source().ref().value(),
                    created.runtime().containerPort(), Collections.unmodifiableMap(environment),
                    Collections.unmodifiableMap(buildArguments),
                    new ArrayList<>(secretNames), gitCredential, keptImages,
                    release == null ? null : release.deploymentId().toString(),
                    release == null ? null : release.commit().value(), release == null ? null : release.containerId(),
                    release == null ? null : release.url(), deleted, position, time);
        }
    }
}
