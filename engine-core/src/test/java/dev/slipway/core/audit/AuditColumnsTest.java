package dev.slipway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditColumnsTest {

    private static final Instant STORED = Instant.parse("2026-03-01T10:15:30.123Z");

    private final AuditColumns columns = new AuditColumns();

    @Test
    void getReturnsEntriesWithIdsOfAnyForm() {
        List<AuditEntry> stored = List.of(
                entry("0f8fad5b-d9cb-469f-a165-70867728950e", "a2c4e6f8-1b3d-4f5a-8c7e-9d0b2a4c6e8f", null),
                entry("0F8FAD5B-D9CB-469F-A165-70867728950F", "request-1", "request-1"),
                entry("event-from-another-engine", null, "00000000-0000-0000-0000-000000000000"),
                entry("\u0661f8fad5b-d9cb-469f-a165-70867728950e", "{0f8fad5b-d9cb-469f-a165-70867728950}", ""),
                new AuditEntry("1b4e28ba-2fa1-11d2-883f-0016d3cca427", STORED, "ServerRegisteredEvent", null, null,
                        null, null, null, null, null, null));

        stored.forEach(columns::add);

        assertThat(columns.size()).isEqualTo(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            assertThat(columns.get(i)).isEqualTo(stored.get(i));
            assertThat(columns.indexOf(stored.get(i).eventId())).isEqualTo(i);
        }
    }

    @Test
    void indexOfFindsEventsAcrossBlocks() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String id = i % 7 == 0 ? "event-" + i : UUID.randomUUID().toString();
            ids.add(id);
            columns.add(entry(id, UUID.randomUUID().toString(), null));
        }

        for (int i = 0; i < ids.size(); i++) {
            assertThat(columns.indexOf(ids.get(i))).as(ids.get(i)).isEqualTo(i);
            assertThat(columns.eventId(i)).isEqualTo(ids.get(i));
        }
        assertThat(columns.indexOf(UUID.randomUUID().toString())).isEqualTo(-1);
        assertThat(columns.indexOf("event-1")).isEqualTo(-1);
    }

    @Test
    void codeOfSharesRepeatedValues() {
        columns.add(entry(UUID.randomUUID().toString(), null, null));
        columns.add(entry(UUID.randomUUID().toString(), null, null));

        int actor = columns.codeOf("user:alice");
        assertThat(actor).isNotNegative();
        assertThat(columns.text(0, AuditColumns.ACTOR)).isEqualTo(actor);
        assertThat(columns.text(1, AuditColumns.ACTOR)).isEqualTo(actor);
        assertThat(columns.codeOf("user:mallory")).isEqualTo(AuditColumns.UNKNOWN);
        assertThat(columns.codeOf(null)).isEqualTo(AuditColumns.NULL);
        assertThat(columns.text(0, AuditColumns.TEAM)).isEqualTo(AuditColumns.NULL);
    }

    @Test
    void clearForgetsEveryEntryAndValue() {
        String id = UUID.randomUUID().toString();
        columns.add(entry(id, null, null));

        columns.clear();

        assertThat(columns.size()).isZero();
        assertThat(columns.indexOf(id)).isEqualTo(-1);
        assertThat(columns.codeOf("user:alice")).isEqualTo(AuditColumns.UNKNOWN);
        columns.add(entry(id, null, null));
        assertThat(columns.indexOf(id)).isZero();
    }

    @Test
    void isUuidAcceptsOnlyCanonicalText() {
        assertThat(AuditColumns.isUuid("0f8fad5b-d9cb-469f-a165-70867728950e")).isTrue();
        assertThat(AuditColumns.isUuid("0F8FAD5B-D9CB-469F-A165-70867728950E")).isFalse();
        assertThat(AuditColumns.isUuid("0f8fad5b-d9cb-469f-a165-70867728950")).isFalse();
        assertThat(AuditColumns.isUuid("0f8fad5bd-9cb-469f-a165-70867728950e")).isFalse();
        assertThat(AuditColumns.isUuid("0f8fad5b-d9cb-469f-a165-7086772895\u0660e")).isFalse();
    }

    private static AuditEntry entry(String eventId, String correlationId, String causationId) {
        return new AuditEntry(eventId, STORED, "ApplicationCreatedEvent", "Application", "app-1", "user:alice",
                "192.0.2.7", correlationId, "curl/8.5.0", causationId, null, "node-" + eventId.length());
    }
}
