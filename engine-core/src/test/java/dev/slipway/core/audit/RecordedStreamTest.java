package dev.slipway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.readmodel.ReadModelReplayer;
import dev.slipway.core.team.TeamId;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Replays an event stream recorded with version 0.1 of the engine and checks that it still produces the state it
 * produced then. {@code recorded-stream/events.jsonl} contains the stored rows of one application: created, an
 * environment variable set twice and removed, a build argument set, and a release. {@code expected-state.json}
 * contains its read model and its point-in-time state as version 0.1 computed them. When an event's shape changes, an
 * upcaster must keep this test passing; the resources are never rewritten.
 */
@SpringBootTest(classes = AuditTestApplication.class, properties = "slipway.audit.enabled=false")
@TestInstance(Lifecycle.PER_CLASS)
class RecordedStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private ReadModelReplayer replayer;
    @Autowired
    private QueryGateway queries;
    @Autowired
    private PointInTime pointInTime;

    private JsonNode expected;
    private ApplicationId applicationId;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        AuditTestApplication.useNewDatabase(registry);
    }

    @BeforeAll
    void loadRecordedStream() throws Exception {
        expected = JSON.readTree(resource("expected-state.json"));
        applicationId = ApplicationId.of(expected.path("application").path("id").asText());
        long next = jdbc.queryForObject("SELECT COALESCE(MAX(global_index), 0) + 1000 FROM domain_event_entry",
                Long.class);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(resource("events.jsonl"),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                insert(JSON.readTree(line), next++);
            }
        }
        replayer.replay();
    }

    @Test
    void replayedReadModelEqualsRecordedOne() {
        ApplicationView view = queries.query(new FindApplicationQuery(applicationId),
                ResponseTypes.optionalInstanceOf(ApplicationView.class)).join().orElseThrow();
        JsonNode replayed = JSON.valueToTree(view);

        assertSameFields(replayed, expected.path("application"));
    }

    @Test
    void applicationStoredBeforeTeamsBelongsToUnassignedTeam() {
        ApplicationView view = queries.query(new FindApplicationQuery(applicationId),
                ResponseTypes.optionalInstanceOf(ApplicationView.class)).join().orElseThrow();

        // The recorded creation event has no revision and no team, so only the upcaster sets the team.
        assertThat(expected.path("application").has("teamId")).isFalse();
        assertThat(view.teamId()).isEqualTo(TeamId.UNASSIGNED.toString());
    }

    @Test
    void pointInTimeStateEqualsRecordedOne() {
        ObjectNode state = (ObjectNode) JSON.valueToTree(pointInTime.applicationAt(applicationId, Long.MAX_VALUE));
        ObjectNode recorded = expected.path("state").deepCopy();

        // The global position depends on where the rows were inserted, so it is compared apart.
        assertThat(state.remove("asOfPosition").asLong()).isGreaterThanOrEqualTo(1000);
        recorded.remove("asOfPosition");
        assertSameFields(state, recorded);
    }

    /** Compares every recorded field, so fields that later versions add to a view do not fail the test. */
    private static void assertSameFields(JsonNode replayed, JsonNode recorded) {
        recorded.fieldNames().forEachRemaining(field -> assertThat(replayed.path(field))
                .as("field %s", field).isEqualTo(recorded.path(field)));
    }

    private void insert(JsonNode row, long globalIndex) {
        jdbc.update("INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier,"
                        + " sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", globalIndex, row.path("eventIdentifier").asText(),
                row.path("aggregateIdentifier").asText(), row.path("sequenceNumber").asLong(),
                row.path("type").asText(), row.path("timeStamp").asText(), row.path("payloadType").asText(),
                row.path("payloadRevision").isNull() ? null : row.path("payloadRevision").asText(),
                row.path("payload").asText().getBytes(StandardCharsets.UTF_8),
                row.path("metaData").asText().getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream resource(String name) {
        InputStream stream = RecordedStreamTest.class.getResourceAsStream("/recorded-stream/" + name);
        assertThat(stream).as("test resource recorded-stream/%s", name).isNotNull();
        return stream;
    }
}
