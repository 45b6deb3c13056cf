package dev.slipway.quickstart.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.core.deployment.DeploymentSaga;
import dev.slipway.quickstart.SampleRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The quickstart server with its events, tokens, sagas and snapshots in a real PostgreSQL database. It deploys the
 * sample application to the real Docker engine and keeps what it records in PostgreSQL. A restarted server rebuilds
 * the same read models from there. The tests run in order because each reads what the previous one left.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class PostgresQuickstartTest {

    private final Path dataDirectory = Path.of("target", "pg-" + UUID.randomUUID()).toAbsolutePath();
    /** A low threshold, so that a few configuration changes give the application a snapshot. */
    private static final String SNAPSHOT_EVERY_5_EVENTS = "--slipway.storage.snapshot-threshold=5";
    /** Without the aggregate cache, a command loads the application from the snapshot and the events after it. */
    private static final String NO_AGGREGATE_CACHE = "--slipway.storage.aggregate-cache=false";

    private final String applicationName = "hello-pg-" + UUID.randomUUID().toString().substring(0, 8);

    private TestDatabase database;
    private DockerObjects docker;
    private QuickstartNode node;
    private String applicationId;
    private Map<String, Object> deployment;

    @BeforeAll
    void startServer() throws Exception {
        Files.createDirectories(dataDirectory);
        docker = DockerObjects.connect();
        database = TestDatabase.create();
        node = QuickstartNode.start(database, dataDirectory, SNAPSHOT_EVERY_5_EVENTS, NO_AGGREGATE_CACHE);
    }

    @AfterAll
    void removeEverything() {
        if (node != null) {
            node.close();
        }
        if (applicationId != null) {
            docker.removeAllOf(applicationId);
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void deploymentOnPostgresServesSamplePage() throws Exception {
        Path repository = dataDirectory.resolve("hello.git");
        assertThat(SampleRepository.createIfMissing(Path.of("..", "hello-app"), repository)).isTrue();
        ResponseEntity<Map<String, Object>> created = node.post("/api/applications", Map.of("name", applicationName,
                "repositoryUrl", "file://" + repository, "ref", "main", "containerPort", 8080,
                "healthCheckPath", "/health"));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        applicationId = (String) created.getBody().get("id");

        deployment = deployAndAwait();

        assertThat(deployment.get("status")).isEqualTo("SUCCEEDED");
        assertThat(fetch((String) deployment.get("url"))).contains("Hello from Slipway");
    }

    @Test
    @Order(2)
    void eventsAndSagaTokenAreStoredInPostgres() throws SQLException {
        String deploymentId = (String) deployment.get("id");

        List<String> eventTypes = strings("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " ORDER BY sequence_number", deploymentId);
        assertThat(eventTypes).first().asString().endsWith("DeploymentRequestedEvent");
        assertThat(eventTypes).last().asString().endsWith("DeploymentSucceededEvent");
        assertThat(strings("SELECT owner FROM token_entry WHERE processor_name = ? AND token IS NOT NULL",
                DeploymentSaga.PROCESSING_GROUP)).isNotEmpty().doesNotContainNull();
        assertThat(strings("SELECT version FROM slipway_schema_history WHERE success")).containsExactly("1", "2", "3");
    }

    @Test
    @Order(3)
    void restartedServerRebuildsReadModelsFromPostgres() {
        String path = "/api/deployments/" + deployment.get("id");
        Map<String, Object> before = node.get(path);
        node.close();

        node = QuickstartNode.start(database, dataDirectory, SNAPSHOT_EVERY_5_EVENTS, NO_AGGREGATE_CACHE);
        Map<String, Object> after = node.get(path);

        assertThat(after).isEqualTo(before);
        assertThat(after.get("status")).isEqualTo("SUCCEEDED");
    }

    @Test
    @Order(4)
    void applicationLoadsFromSnapshotWithoutEarlierEvents() throws SQLException {
        String configuration = "/api/applications/" + applicationId + "/environment/";
        for (int i = 1; i <= 12; i++) {
            assertThat(node.send(HttpMethod.PUT, configuration + "VAR_" + i, Map.of("value", "value " + i))
                    .getStatusCode()).isEqualTo(HttpStatus.OK);
        }
        // The snapshotter's own thread stores the snapshot after the command that crossed the threshold.
        List<String> snapshots = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> strings("SELECT sequence_number FROM snapshot_event_entry WHERE aggregate_identifier = ?"
                        + " ORDER BY sequence_number DESC", applicationId), found -> !found.isEmpty());
        long snapshotSequence = Long.parseLong(snapshots.get(0));
        assertThat(snapshotSequence).isGreaterThanOrEqualTo(5);
        // Without the events the snapshot covers, only a snapshot that restores every field keeps the variables.
        execute("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number <= ?",
                applicationId, snapshotSequence);

        ResponseEntity<Map<String, Object>> removed = node.send(HttpMethod.DELETE, configuration + "VAR_1", null);

        assertThat(removed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(((Number) removed.getBody().get("version")).longValue()).isEqualTo(13);
        @SuppressWarnings("unchecked")
        Map<String, Object> environment = (Map<String, Object>) removed.getBody().get("environment");
        assertThat(environment).doesNotContainKey("VAR_1").containsEntry("VAR_12", "value 12").hasSize(11);
    }

    private Map<String, Object> deployAndAwait() {
        ResponseEntity<Map<String, Object>> requested = node.post("/api/applications/" + applicationId
                + "/deployments", Map.of());
        assertThat(requested.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String path = "/api/deployments/" + requested.getBody().get("id");
        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> node.get(path), view -> List.of("SUCCEEDED", "FAILED").contains(view.get("status")));
    }

    private static String fetch(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private void execute(String sql, String aggregateId, long sequence) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, aggregateId);
            statement.setLong(2, sequence);
            statement.executeUpdate();
        }
    }

    private List<String> strings(String sql, String... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }
}
