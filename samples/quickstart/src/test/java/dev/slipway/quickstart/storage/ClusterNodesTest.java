package dev.slipway.quickstart.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.deployment.DeploymentSaga;
import dev.slipway.core.deployment.DeploymentStepRunner;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.PostgresKeysetStore;
import dev.slipway.core.secret.SecretException;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.quickstart.SampleRepository;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two quickstart servers in separate JVMs on one PostgreSQL schema, as two nodes of one engine cluster, deploying
 * the sample application to the real Docker engine. The last two tests kill a node while deployments run. The tests
 * run in order because each continues with the nodes and the database of the one before.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ClusterNodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String EVENTS = "dev.slipway.core.deployment.";
    /** Events that record a step's outcome, one per step and deployment when no step runs twice. */
    private static final List<String> STEP_EVENTS = List.of("DeploymentStartedEvent", "CommitResolvedEvent",
            "SourceCheckedOutEvent", "ImageBuiltEvent", "ContainerStartedEvent", "HealthCheckPassedEvent",
            "DeploymentSucceededEvent");
    private static final String CLAIM_TIMEOUT = "5s";
    private static final String SECRET_VALUE = "sk_test_PLACEHOLDER_cluster_42";

    private final Path dataDirectory = Path.of("target", "cluster-" + UUID.randomUUID()).toAbsolutePath();
    private final String runId = UUID.randomUUID().toString().substring(0, 6);
    private final List<String> applicationIds = new ArrayList<>();

    private TestDatabase database;
    private DockerObjects docker;
    private NodeProcess nodeA;
    private NodeProcess nodeB;
    private NodeProcess nodeC;
    private Path repository;
    private Path slowRepository;

    @BeforeAll
    void startNodes() throws Exception {
        Files.createDirectories(dataDirectory);
        MasterKey.createFile(dataDirectory.resolve("master.key"));
        docker = DockerObjects.connect();
        database = TestDatabase.create();
        repository = dataDirectory.resolve("hello.git");
        SampleRepository.createIfMissing(Path.of("..", "hello-app"), repository);
        slowRepository = dataDirectory.resolve("slow-hello.git");
        createSlowRepository(slowRepository);
        nodeA = NodeProcess.start("node-a-" + runId, database, dataDirectory, CLAIM_TIMEOUT);
        nodeB = NodeProcess.start("node-b-" + runId, database, dataDirectory, CLAIM_TIMEOUT);
    }

    @AfterAll
    void stopNodes() throws Exception {
        for (NodeProcess node : new NodeProcess[] {nodeA, nodeB, nodeC}) {
            if (node != null) {
                node.close();
            }
        }
        for (String applicationId : applicationIds) {
            docker.removeAllOf(applicationId);
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void twoNodesRunEachDeploymentOnOneNode() throws Exception {
        awaitBothNodesHoldSagaSegments();
        Map<String, NodeProcess> deployments = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            NodeProcess node = i % 2 == 0 ? nodeA : nodeB;
            String applicationId = createApplication(node, "one-" + i);
            deployments.put(deploy(node, applicationId), node);
        }

        for (Map.Entry<String, NodeProcess> deployment : deployments.entrySet()) {
            assertThat(awaitEnded(deployment.getValue(), deployment.getKey()).get("status"))
                    .as("deployment %s", deployment.getKey()).isEqualTo("SUCCEEDED");
        }

        Set<String> nodes = Set.of(nodeA.nodeId(), nodeB.nodeId());
        for (String deploymentId : deployments.keySet()) {
            List<StoredEvent> events = events(deploymentId);
            assertThat(types(events)).as("events of deployment %s", deploymentId)
                    .containsAll(STEP_EVENTS.stream().map(step -> EVENTS + step).toList()).doesNotHaveDuplicates();
            Set<String> stepNodes = stepNodes(events);
            assertThat(stepNodes).as("nodes that ran the steps of deployment %s", deploymentId).hasSize(1);
            assertThat(nodes).containsAll(stepNodes);
        }
        for (String deploymentId : deployments.keySet()) {
            for (NodeProcess node : List.of(nodeA, nodeB)) {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> node.get("/api/deployments/" + deploymentId).body().get("status"),
                                "SUCCEEDED"::equals);
            }
        }
    }

    @Test
    @Order(2)
    void concurrentCommandsFromTwoNodesAreAllApplied() throws Exception {
        String applicationId = createApplication(nodeA, "config");
        // Node B's read model shows node A's application after the follower's next poll.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> nodeB.get("/api/applications/" + applicationId).status(), status -> status == 200);
        int perNode = 10;
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Integer>>> statuses = new ArrayList<>();
            for (NodeProcess node : List.of(nodeA, nodeB)) {
                statuses.add(senders.submit(() -> {
                    List<Integer> codes = new ArrayList<>();
                    for (int i = 0; i < perNode; i++) {
                        codes.add(node.put("/api/applications/" + applicationId + "/environment/VAR_"
                                + node.nodeId().replace('-', '_') + "_" + i, Map.of("value", "v" + i)).status());
                    }
                    return codes;
                }));
            }
            for (Future<List<Integer>> codes : statuses) {
                assertThat(codes.get()).containsOnly(200);
            }
        } finally {
            senders.shutdownNow();
        }

        assertThat(types(events(applicationId)).stream().filter(type -> type.endsWith("EnvironmentVariableSetEvent")))
                .hasSize(2 * perNode);
    }

    @Test
    @Order(2)
    void twoNodesShareLaneAndIdempotencyKeys() throws Exception {
        awaitBothNodesHoldSagaSegments();
        String applicationId = createApplication(nodeA, "lane");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> nodeB.get("/api/applications/" + applicationId).status(), status -> status == 200);
        Map<String, String> key = Map.of("Idempotency-Key", "lane-" + runId);
        CountDownLatch ready = new CountDownLatch(2);
        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<String> keyed = new ArrayList<>();
        try {
            List<Future<NodeProcess.Response>> responses = new ArrayList<>();
            for (NodeProcess node : List.of(nodeA, nodeB)) {
                responses.add(senders.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return node.post("/api/applications/" + applicationId + "/deployments", Map.of(), key);
                }));
            }
            for (Future<NodeProcess.Response> response : responses) {
                assertThat(response.get().status()).as("keyed request: %s", response.get().body()).isEqualTo(202);
                keyed.add((String) response.get().body().get("id"));
            }
        } finally {
            senders.shutdownNow();
        }
        String second = deploy(nodeB, applicationId);

        assertThat(keyed.get(1)).as("deployment of the key on node B").isEqualTo(keyed.get(0));
        Map<String, Object> firstView = awaitEnded(nodeA, keyed.get(0));
        Map<String, Object> secondView = awaitEnded(nodeA, second);
        assertThat(firstView.get("status")).as("first: %s", firstView.get("reason")).isEqualTo("SUCCEEDED");
        assertThat(secondView.get("status")).as("second: %s", secondView.get("reason")).isEqualTo("SUCCEEDED");
        List<String> applicationEvents = types(events(applicationId));
        assertThat(applicationEvents.stream().filter(type -> type.endsWith("IdempotencyKeyRecordedEvent")))
                .hasSize(1);
        assertThat(applicationEvents).contains(EVENTS + "DeploymentQueuedEvent");
        List<?> secondSteps = (List<?>) secondView.get("steps");
        String secondStart = (String) ((Map<?, ?>) secondSteps.get(0)).get("startedAt");
        assertThat(Instant.parse(secondStart)).as("start of the queued deployment")
                .isAfterOrEqualTo(Instant.parse((String) firstView.get("finishedAt")));
        assertThat(types(events(keyed.get(0))).stream().filter(type -> type.endsWith("DeploymentRequestedEvent")))
                .hasSize(1);
    }

    @Test
    @Order(3)
    void secretOfOneNodeReachesOtherNode() throws Exception {
        String applicationId = createApplication(nodeA, "secret");
        NodeProcess.Response set = nodeA.put("/api/applications/" + applicationId + "/secrets/API_KEY",
                Map.of("value", SECRET_VALUE));
        assertThat(set.status()).as("set secret: %s", set.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> nodeB.get("/api/applications/" + applicationId).status(), status -> status == 200);

        String startedOnB = null;
        for (int attempt = 0; attempt < 10 && startedOnB == null; attempt++) {
            String deploymentId = deploy(nodeB, applicationId);
            Map<String, Object> view = awaitEnded(nodeB, deploymentId);
            assertThat(view.get("status")).as("deployment %s: %s", deploymentId, view.get("reason"))
                    .isEqualTo("SUCCEEDED");
            if (nodeB.nodeId().equals(nodeOf(events(deploymentId), "ContainerStartedEvent"))) {
                startedOnB = deploymentId;
                HttpResponse<String> environment = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(view.get("url") + "/cgi-bin/env")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(environment.body()).contains("API_KEY=" + SECRET_VALUE);
            }
        }
        assertThat(startedOnB).as("a deployment whose container node B started").isNotNull();
        assertThat(dataDirectory.resolve(nodeB.nodeId()).resolve("keys").resolve(applicationId + ".keyset"))
                .doesNotExist();

        NodeProcess.Response deleted = nodeB.delete("/api/applications/" + applicationId);
        assertThat(deleted.status()).as("delete application: %s", deleted.body()).isEqualTo(200);

        assertThat(count("SELECT count(*) FROM slipway_keyset WHERE application_id = '" + applicationId + "'"))
                .isZero();
        SecretVault anyNode = new SecretVault(MasterKey.fromFile(dataDirectory.resolve("master.key")),
                new PostgresKeysetStore(database.dataSource()));
        EncryptedSecret stored = storedSecret(applicationId);
        assertThatThrownBy(() -> anyNode.decrypt(ApplicationId.of(applicationId),
                "API_KEY", stored)).isInstanceOf(SecretException.class);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> nodeA.get("/api/applications/" + applicationId).status(), status -> status == 404);
    }

    @Test
    @Order(4)
    void killedNodeDeploymentsEndWithoutOrphans() throws Exception {
        awaitBothNodesHoldSagaSegments();
        List<String> deploymentIds = new ArrayList<>();
        String interrupted = null;
        for (int batch = 0; batch < 3 && interrupted == null; batch++) {
            List<String> batchIds = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                batchIds.add(deploy(nodeA, createApplication(nodeA, "kill-" + batch + "-" + i)));
            }
            deploymentIds.addAll(batchIds);
            interrupted = awaitRunningOn(nodeB.nodeId(), batchIds);
        }
        assertThat(interrupted).as("a deployment whose steps run on node B").isNotNull();
        nodeB.kill();

        for (String deploymentId : deploymentIds) {
            Map<String, Object> view = awaitEnded(nodeA, deploymentId);
            assertThat(view.get("status")).as("deployment %s", deploymentId).isIn("SUCCEEDED", "FAILED");
            List<String> types = types(events(deploymentId));
            assertThat(types).as("events of deployment %s", deploymentId).doesNotHaveDuplicates();
            if ("FAILED".equals(view.get("status"))) {
                assertThat((String) view.get("reason")).as("reason of deployment %s", deploymentId)
                        .contains((String) view.get("failedStep"));
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(docker.objectsOfDeployment(deploymentId))
                                .as("Docker objects of failed deployment %s", deploymentId).isEmpty());
            } else {
                assertThat(docker.containersOfDeployment(deploymentId))
                        .as("containers of deployment %s", deploymentId).hasSize(1);
            }
        }
        Map<String, Object> interruptedView = nodeA.get("/api/deployments/" + interrupted).body();
        if ("FAILED".equals(interruptedView.get("status"))) {
            assertThat((String) interruptedView.get("reason")).contains(nodeB.nodeId());
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> count("SELECT count(*) FROM slipway_deployment_lease"), leases -> leases == 0);
    }

    @Test
    @Order(5)
    void nodeKilledAfterCheckOutDeploymentSucceeds() throws Exception {
        nodeC = NodeProcess.start("node-c-" + runId, database, dataDirectory, CLAIM_TIMEOUT);
        awaitBothNodesHoldSagaSegments();
        List<String> deploymentIds = new ArrayList<>();
        String interrupted = null;
        for (int batch = 0; batch < 3 && interrupted == null; batch++) {
            List<String> batchIds = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                batchIds.add(deploy(nodeA, createApplication(nodeA, "resume-" + batch + "-" + i, slowRepository)));
            }
            deploymentIds.addAll(batchIds);
            interrupted = awaitBuildingAfterCheckOutOn(nodeC.nodeId(), batchIds);
        }
        assertThat(interrupted).as("a deployment that node C checked out and builds").isNotNull();
        nodeC.kill();

        for (String deploymentId : deploymentIds) {
            assertThat(awaitEnded(nodeA, deploymentId).get("status")).as("deployment %s", deploymentId)
                    .isEqualTo("SUCCEEDED");
        }
        List<StoredEvent> events = events(interrupted);
        assertThat(types(events)).as("events of deployment %s", interrupted)
                .containsAll(STEP_EVENTS.stream().map(step -> EVENTS + step).toList());
        // A step that node A resumes waits for a build slot again when node C was killed during that wait, so only
        // the wait may repeat.
        assertThat(types(events).stream().filter(type -> !type.equals(EVENTS + "BuildSlotAwaitedEvent")).toList())
                .as("events of deployment %s besides build slot waits", interrupted).doesNotHaveDuplicates();
        assertThat(nodeOf(events, "SourceCheckedOutEvent")).isEqualTo(nodeC.nodeId());
        assertThat(nodeOf(events, "ImageBuiltEvent")).isEqualTo(nodeA.nodeId());
        assertThat(nodeA.log()).contains("deployment [" + interrupted + "] step [BUILD_IMAGE] checkout of commit");
        assertThat(docker.containersOfDeployment(interrupted)).as("containers of deployment %s", interrupted)
                .hasSize(1);
        assertThat(docker.objectsOfDeployment(interrupted)).as("container and image of deployment %s", interrupted)
                .hasSize(2);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> count("SELECT count(*) FROM slipway_deployment_lease"), leases -> leases == 0);
    }

    /**
     * Creates a repository of the sample application whose image build takes ten seconds, with a build step that
     * no earlier test run has cached.
     */
    private void createSlowRepository(Path bareRepository) throws Exception {
        Path sample = Path.of("..", "hello-app");
        Path source = dataDirectory.resolve("slow-hello");
        try (var paths = Files.walk(sample)) {
            for (Path path : paths.toList()) {
                Path target = source.resolve(sample.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        String dockerfile = Files.readString(sample.resolve("Dockerfile"));
        Files.writeString(source.resolve("Dockerfile"), dockerfile.replace("FROM busybox:stable\n",
                "FROM busybox:stable\nRUN echo build " + runId + " && sleep 10\n"));
        SampleRepository.createIfMissing(source, bareRepository);
    }

    /**
     * Waits until the node has recorded a deployment's CHECK_OUT and holds its lease at BUILD_IMAGE. Returns the
     * deployment's id, or null when all deployments were built or failed first.
     */
    private String awaitBuildingAfterCheckOutOn(String nodeId, List<String> deploymentIds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            boolean allBuilt = true;
            for (String deploymentId : deploymentIds) {
                List<StoredEvent> events = events(deploymentId);
                boolean built = types(events).stream().anyMatch(type -> type.endsWith("ImageBuiltEvent")
                        || type.endsWith("DeploymentFailedEvent"));
                allBuilt &= built;
                if (!built && nodeId.equals(nodeOf(events, "SourceCheckedOutEvent"))
                        && List.of(nodeId + " BUILD_IMAGE").equals(strings("SELECT node_id || ' ' || step"
                                + " FROM slipway_deployment_lease WHERE deployment_id = ?", deploymentId))) {
                    return deploymentId;
                }
            }
            if (allBuilt) {
                return null;
            }
            Thread.sleep(20);
        }
        return null;
    }

    /** Returns the encrypted value of the first secret that the application's events set. */
    private EncryptedSecret storedSecret(String applicationId) throws SQLException, IOException {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT payload FROM domain_event_entry"
                     + " WHERE aggregate_identifier = ? AND payload_type LIKE '%SecretSetEvent'"
                     + " ORDER BY sequence_number")) {
            statement.setString(1, applicationId);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("a SecretSetEvent of application %s", applicationId).isTrue();
                Map<String, Object> payload = JSON.readValue(rows.getBytes(1), MAP);
                @SuppressWarnings("unchecked")
                Map<String, Object> value = (Map<String, Object>) payload.get("value");
                return new EncryptedSecret(((Number) value.get("keyId")).longValue(), (String) value.get("ciphertext"));
            }
        }
    }

    /** Returns the node recorded on the event of the given simple type, or null. */
    private static String nodeOf(List<StoredEvent> events, String simpleType) {
        return events.stream().filter(event -> event.type().equals(EVENTS + simpleType)).map(StoredEvent::node)
                .findFirst().orElse(null);
    }

    private void awaitBothNodesHoldSagaSegments() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            List<String> owners = strings("SELECT owner FROM token_entry WHERE processor_name = ?",
                    DeploymentSaga.PROCESSING_GROUP);
            // Two segments each is the balanced state, in which no node releases a segment any more.
            return owners.size() == 4 && !owners.contains(null) && new HashSet<>(owners).size() == 2
                    && owners.stream().filter(owners.get(0)::equals).count() == 2;
        });
    }

    /** Waits until one of the deployments has run a step on the node and has not ended; returns its id or null. */
    private String awaitRunningOn(String nodeId, List<String> deploymentIds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            boolean allEnded = true;
            for (String deploymentId : deploymentIds) {
                List<StoredEvent> events = events(deploymentId);
                boolean ended = types(events).stream().anyMatch(type -> type.endsWith("DeploymentSucceededEvent")
                        || type.endsWith("DeploymentFailedEvent"));
                allEnded &= ended;
                if (!ended && stepNodes(events).contains(nodeId)) {
                    return deploymentId;
                }
            }
            if (allEnded) {
                return null;
            }
            Thread.sleep(20);
        }
        return null;
    }

    private String createApplication(NodeProcess node, String name) throws Exception {
        return createApplication(node, name, repository);
    }

    private String createApplication(NodeProcess node, String name, Path source) throws Exception {
        NodeProcess.Response created = node.post("/api/applications", Map.of(
                "name", "c-" + runId + "-" + name, "repositoryUrl", "file://" + source, "ref", "main",
                "containerPort", 8080, "healthCheckPath", "/health"));
        assertThat(created.status()).as("create application %s: %s", name, created.body()).isEqualTo(201);
        String applicationId = (String) created.body().get("id");
        applicationIds.add(applicationId);
        return applicationId;
    }

    private static String deploy(NodeProcess node, String applicationId) throws Exception {
        NodeProcess.Response requested = node.post("/api/applications/" + applicationId + "/deployments", Map.of());
        assertThat(requested.status()).as("deploy %s: %s", applicationId, requested.body()).isEqualTo(202);
        return (String) requested.body().get("id");
    }

    private static Map<String, Object> awaitEnded(NodeProcess node, String deploymentId) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> node.get("/api/deployments/" + deploymentId).body(),
                        view -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(view.get("status")));
    }

    private static List<String> types(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::type).toList();
    }

    /** Returns the nodes recorded on the events of step outcomes. */
    private static Set<String> stepNodes(List<StoredEvent> events) {
        Set<String> nodes = new HashSet<>();
        for (StoredEvent event : events) {
            if (event.node() != null && STEP_EVENTS.stream().anyMatch(step -> event.type().equals(EVENTS + step))) {
                nodes.add(event.node());
            }
        }
        return nodes;
    }

    private List<StoredEvent> events(String aggregateId) throws SQLException, IOException {
        List<StoredEvent> events = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT payload_type, meta_data"
                     + " FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")) {
            statement.setString(1, aggregateId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> metaData = JSON.readValue(new String(rows.getBytes(2),
                            StandardCharsets.UTF_8), new TypeReference<Map<String, Object>>() {
                            });
                    events.add(new StoredEvent(rows.getString(1),
                            (String) metaData.get(DeploymentStepRunner.NODE_ID)));
                }
            }
        }
        return events;
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private List<String> strings(String sql, String parameter) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }

    /** An event's type and the engine node recorded in its metadata, or null. */
    private record StoredEvent(String type, String node) {
    }
}
