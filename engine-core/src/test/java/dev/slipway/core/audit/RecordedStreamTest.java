package dev.slipway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.FindApplicationQuery;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentSaga;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.deployment.FindDeploymentQuery;
import dev.slipway.core.readmodel.ReadModelReplayer;
import dev.slipway.core.team.FindTeamQuery;
import dev.slipway.core.team.TeamId;
import dev.slipway.core.team.TeamView;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventProcessor;
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
 * Replays event streams that the engine stored and checks that they still produce the state they produced when they
 * were recorded. {@code recorded-stream/events.jsonl}, from version 0.1, contains the stored rows of one application:
 * created, an environment variable set twice and removed, a build argument set, and a release. {@code
 * recorded-stream/lifecycle-events.jsonl}, recorded with version 0.1.0 after applications had teams, contains a team
 * with two members, an application of that team with configuration, secrets set and removed and an image retention,
 * two deployments that succeeded (one with an idempotency key), a rollback, a deployment that failed, and a second
 * application created and deleted. Git and Docker were stubbed while it was recorded, so the container ids and image
 * ids are made up. Each {@code *expected-state.json} contains the read models and point-in-time states as that version
 * computed them. When an event's shape changes, an upcaster must keep this test passing; the resources are never
 * rewritten.
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
    @Autowired
    private Configuration axon;

    private JsonNode expected;
    private ApplicationId applicationId;
    private JsonNode lifecycle;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        AuditTestApplication.useNewDatabase(registry);
    }

    @BeforeAll
    void loadRecordedStream() throws Exception {
        expected = JSON.readTree(resource("expected-state.json"));
        applicationId = ApplicationId.of(expected.path("application").path("id").asText());
        lifecycle = JSON.readTree(resource("lifecycle-expected-state.json"));
        // The running saga would take the inserted rows for new events and record the first release again, so the
        // read models would depend on how far it got.
        axon.eventProcessingConfiguration().eventProcessor(DeploymentSaga.PROCESSING_GROUP)
                .ifPresent(EventProcessor::shutDown);
        long next = jdbc.queryForObject("SELECT COALESCE(MAX(global_index), 0) + 1000 FROM domain_event_entry",
                Long.class);
        next = insertAll("events.jsonl", next);
        insertAll("lifecycle-events.jsonl", next);
        replayer.replay();
    }

    /** Inserts the rows of a recorded stream from global index {@code first} on and returns the next free index. */
    private long insertAll(String name, long first) throws Exception {
        long next = first;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(resource(name),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                insert(JSON.readTree(line), next++);
            }
        }
        return next;
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

    @Test
    void lifecycleApplicationAndTeamEqualRecordedOnes() {
        ApplicationId application = ApplicationId.of(lifecycle.path("application").path("id").asText());
        ApplicationView view = queries.query(new FindApplicationQuery(application),
                ResponseTypes.optionalInstanceOf(ApplicationView.class)).join().orElseThrow();
        TeamId team = TeamId.of(lifecycle.path("team").path("id").asText());
        TeamView teamView = queries.query(new FindTeamQuery(team), ResponseTypes.optionalInstanceOf(TeamView.class))
                .join().orElseThrow();

        assertSameFields(tree(view), lifecycle.path("application"));
        assertSameFields(tree(teamView), lifecycle.path("team"));
    }

    @Test
    void lifecycleDeploymentsEqualRecordedOnes() {
        assertThat(lifecycle.path("deployments")).hasSize(4);
        for (JsonNode recorded : lifecycle.path("deployments")) {
            DeploymentId deployment = DeploymentId.of(recorded.path("id").asText());
            DeploymentView view = queries.query(new FindDeploymentQuery(deployment),
                    ResponseTypes.optionalInstanceOf(DeploymentView.class)).join().orElseThrow();

            assertSameFields(tree(view), recorded);
        }
    }

    @Test
    void lifecyclePointInTimeStatesEqualRecordedOnes() {
        for (String field : List.of("state", "deletedState")) {
            ObjectNode recorded = lifecycle.path(field).deepCopy();
            ApplicationId application = ApplicationId.of(recorded.path("applicationId").asText());
            ObjectNode state = (ObjectNode) tree(pointInTime.applicationAt(application, Long.MAX_VALUE));

            // The global position depends on where the rows were inserted, so it is left out.
            state.remove("asOfPosition");
            recorded.remove("asOfPosition");
            assertSameFields(state, recorded);
        }
    }

    /** Returns a value as JSON read back from its text, so its numbers have the node types of the recorded files. */
    private static JsonNode tree(Object value) {
        try {
            return JSON.readTree(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
