package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ImageRetentionSetEvent;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.secret.InMemoryKeysetStore;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-Java engine keeps recently used aggregates in memory, so a command does not replay their events. */
class DeploymentEngineAggregateCacheTest {

    private static final RequestContext ALICE = new RequestContext(Caller.user("alice"), "192.0.2.10", "request-1");

    @TempDir
    Path workDirectory;

    @Test
    void cachedApplicationIsNotReadBack() {
        ReadCountingStorage storage = new ReadCountingStorage();
        try (DeploymentEngine engine = DeploymentEngine.builder()
                .sourceRepository(new UnusedSources())
                .containerRuntime(new StubContainerRuntime())
                .settings(EngineSettings.defaults(workDirectory))
                .eventStorageEngine(storage)
                .masterKey(MasterKey.generate())
                .keysetStore(new InMemoryKeysetStore())
                .build()
                .start()) {
            ApplicationId app = engine.createApplication(ALICE, new ApplicationName("cached"),
                    new SourceSpec(RepositoryUrl.parse("https://git.example.test/o/cached.git"), new GitRef("main"),
                            null, null),
                    new RuntimeSpec(8080, null, null));

            engine.setImageRetention(ALICE, app, 5);
            engine.setImageRetention(ALICE, app, 2);

            assertThat(storage.aggregatesRead).doesNotContain(app.toString());
            List<? extends DomainEventMessage<?>> stored = storage.readEvents(app.toString(), 0).asStream().toList();
            assertThat(stored).hasSize(3);
            assertThat(stored.get(2).getPayload()).isInstanceOfSatisfying(ImageRetentionSetEvent.class,
                    changed -> assertThat(changed.keptImages()).isEqualTo(2));
        }
    }

    /** The in-memory event store, recording which aggregates' events were read. */
    private static final class ReadCountingStorage extends InMemoryEventStorageEngine {

        private final List<String> aggregatesRead = new CopyOnWriteArrayList<>();

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            aggregatesRead.add(aggregateIdentifier);
            return super.readEvents(aggregateIdentifier, firstSequenceNumber);
        }
    }
}
