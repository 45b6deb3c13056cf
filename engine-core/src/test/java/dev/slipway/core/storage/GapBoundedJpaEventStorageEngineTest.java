package dev.slipway.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.audit.AuditTestApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The engine on JPA in an H2 file, as the quickstart runs it, reading events for a token with gaps. */
@SpringBootTest(classes = AuditTestApplication.class)
class GapBoundedJpaEventStorageEngineTest {

    @Autowired
    private EventStorageEngine storage;
    @Autowired
    private TransactionManager transactions;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        AuditTestApplication.useNewDatabase(registry);
    }

    @Test
    void jpaApplicationGetsGapBoundedEngine() {
        assertThat(storage).isInstanceOf(GapBoundedJpaEventStorageEngine.class);
    }

    @Test
    void tokenWithGapsReadsGapsFirst() {
        long head = headIndex();
        for (int i = 0; i < 30; i++) {
            append("event " + i);
        }
        // Events 3 and 11 of these are not read yet, and the token is at event 19.
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(head + 20, List.of(head + 4, head + 12));

        List<String> read = payloadsFrom(token);

        List<String> expected = new ArrayList<>(List.of("event 3", "event 11"));
        for (int i = 20; i < 30; i++) {
            expected.add("event " + i);
        }
        assertThat(read).containsExactlyElementsOf(expected);
    }

    @Test
    void tokenWithoutGapsReadsEventsAfterIt() {
        long head = headIndex();
        for (int i = 0; i < 5; i++) {
            append("plain " + i);
        }

        List<String> read = payloadsFrom(GapAwareTrackingToken.newInstance(head + 3, List.of()));

        assertThat(read).containsExactly("plain 3", "plain 4");
    }

    private long headIndex() {
        GapAwareTrackingToken head = (GapAwareTrackingToken) storage.createHeadToken();
        return head == null ? 0 : head.getIndex();
    }

    private void append(String payload) {
        String aggregate = UUID.randomUUID().toString();
        transactions.executeInTransaction(() -> storage.appendEvents(
                new GenericDomainEventMessage<>("Test", aggregate, 0, payload)));
    }

    private List<String> payloadsFrom(GapAwareTrackingToken token) {
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(token, false)) {
            return events.map(event -> (String) event.getPayload()).toList();
        }
    }
}
