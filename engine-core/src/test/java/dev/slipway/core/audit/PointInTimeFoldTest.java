package dev.slipway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.application.ApplicationCreatedEvent;
import dev.slipway.core.application.ApplicationDeletedEvent;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.EnvironmentVariableSetEvent;
import dev.slipway.core.application.GitCredentialRemovedEvent;
import dev.slipway.core.application.GitCredentialSetEvent;
import dev.slipway.core.application.ImageRetentionSetEvent;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceCredential;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

/** The fold of the event stream into an application's past state, on events with chosen timestamps. */
class PointInTimeFoldTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final PointInTime pointInTime = new PointInTime(() -> storage);
    private final ApplicationId application = ApplicationId.random();
    private final ApplicationId other = ApplicationId.random();
    private final List<Long> sequences = new ArrayList<>(List.of(0L, 0L));

    @Test
    void otherAggregateOutOfTimeOrderIsSkipped() {
        store(application, created(application), 0);
        // Another writer stored this event later in the stream with a later timestamp than the next one.
        store(other, created(other), 20);
        store(application, variable("LOG_LEVEL", "debug"), 10);

        ApplicationState state = pointInTime.applicationAt(application, START.plusSeconds(15));

        assertThat(state.environment()).isEqualTo(Map.of("LOG_LEVEL", "debug"));
        assertThat(state.asOfTime()).isEqualTo(START.plusSeconds(10));
    }

    @Test
    void timeBeforeLaterEventLeavesItOut() {
        store(application, created(application), 0);
        store(application, variable("LOG_LEVEL", "debug"), 10);

        ApplicationState state = pointInTime.applicationAt(application, START.plusSeconds(5));

        assertThat(state.environment()).isEmpty();
        assertThat(state.asOfTime()).isEqualTo(START);
    }

    @Test
    void gitCredentialShowsKindOnly() {
        store(application, created(application), 0);
        store(application, new ImageRetentionSetEvent(application, 5), 1);
        store(application, new GitCredentialSetEvent(application, new SourceCredential(
                SourceCredential.Kind.HTTPS_TOKEN, "deploy", new EncryptedSecret(1, "c2VhbGVk"), null)), 2);

        ApplicationState withCredential = pointInTime.applicationAt(application, START.plusSeconds(2));
        store(application, new GitCredentialRemovedEvent(application), 3);
        ApplicationState withoutCredential = pointInTime.applicationAt(application, START.plusSeconds(3));

        assertThat(withCredential.gitCredential()).isEqualTo("HTTPS_TOKEN");
        assertThat(withCredential.keptImages()).isEqualTo(5);
        assertThat(withCredential.toString()).doesNotContain("c2VhbGVk");
        assertThat(withoutCredential.gitCredential()).isNull();
        assertThat(withoutCredential.keptImages()).isEqualTo(5);
    }

    @Test
    void deletionIsPartOfState() {
        store(application, created(application), 0);
        store(application, variable("REGION", "eu-west"), 1);
        store(application, new ApplicationDeletedEvent(application), 2);

        ApplicationState before = pointInTime.applicationAt(application, START.plusSeconds(1));
        ApplicationState after = pointInTime.applicationAt(application, START.plusSeconds(2));

        assertThat(before.deleted()).isFalse();
        assertThat(after.deleted()).isTrue();
        assertThat(after.environment()).isEqualTo(Map.of("REGION", "eu-west"));
    }

    @Test
    void timeBeforeCreationIsNotFound() {
        store(application, created(application), 10);

        assertThatThrownBy(() -> pointInTime.applicationAt(application, START))
                .isInstanceOf(NotFoundException.class);
    }

    private void store(ApplicationId aggregate, Object payload, int secondsAfterStart) {
        int index = aggregate.equals(application) ? 0 : 1;
        long sequence = sequences.get(index);
        sequences.set(index, sequence + 1);
        storage.appendEvents(new GenericDomainEventMessage<>("Application", aggregate.toString(), sequence, payload,
                MetaData.emptyInstance(), UUID.randomUUID().toString(),
                START.plusSeconds(secondsAfterStart)));
    }

    private static ApplicationCreatedEvent created(ApplicationId id) {
        return new ApplicationCreatedEvent(id, new ApplicationName("app-" + id.toString().substring(0, 8)),
                new SourceSpec(RepositoryUrl.parse("https://git.example.test/org/app.git"), new GitRef("main"), null,
                        null), new RuntimeSpec(8080, null, null), ServerId.LOCAL);
    }

    private EnvironmentVariableSetEvent variable(String name, String value) {
        return new EnvironmentVariableSetEvent(application, new VariableName(name), value, 1);
    }
}
