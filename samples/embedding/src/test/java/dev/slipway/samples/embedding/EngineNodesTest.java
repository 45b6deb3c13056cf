package dev.slipway.samples.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.DeleteApplicationCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SetSecretCommand;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.audit.AuditEntry;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentSaga;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentStepRunner;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.engine.ClusterSettings;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.secret.FileKeysetStore;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.SecretException;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.docker.DockerContainerRuntime;
import dev.slipway.docker.DockerRuntimeSettings;
import dev.slipway.git.JGitSourceRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two engines made with {@code DeploymentEngine.builder()} as two nodes on one PostgreSQL schema, each with a work
 * directory and a keyset folder of its own and the same master key, deploying the sample application from a real
 * Git repository to the real Docker engine.
 */
class EngineNodesTest {

    private static final String DATABASE_URL = setting("SLIPWAY_TEST_DATABASE_URL",
            "jdbc:postgresql://127.0.0.1:5432/slipway_test");
    private static final String DATABASE_USER = setting("SLIPWAY_TEST_DATABASE_USER", "slipway");
    private static final String DATABASE_PASSWORD = setting("SLIPWAY_TEST_DATABASE_PASSWORD", "slipway");
    private static final String SECRET_VALUE = "sk_test_PLACEHOLDER_cluster_42";
    private static final RequestContext ALICE = RequestContext.of(Caller.user("alice"), "127.0.0.1");

    @TempDir
    Path temp;

    private final String runId = UUID.randomUUID().toString().substring(0, 6);
    private final MasterKey masterKey = MasterKey.generate();
    private final List<ApplicationId> applications = new ArrayList<>();
    private final List<DeploymentEngine> engines = new ArrayList<>();
    private String schema;
    private DockerClient docker;
    private RepositoryUrl repository;

    @BeforeEach
    void prepare() throws Exception {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///var/run/docker.sock").build();
        docker = DockerClientImpl.getInstance(config,
                new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("Docker engine not reachable at unix:///var/run/docker.sock: run scripts/setup-docker.sh as root", e);
        }
        schema = "slipway_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        repository = RepositoryUrl.parse("file://" + sampleRepository());
    }

    @AfterEach
    void cleanUp() {
        engines.forEach(DeploymentEngine::close);
        for (ApplicationId application : applications) {
            removeDockerObjectsOf(application);
        }
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void builderNodesShareDeployments() throws Exception {
        DeploymentEngine nodeA = start("node-a");
        DeploymentEngine nodeB = start("node-b");
        awaitSegmentsSharedByTwoNodes();

        Map<DeploymentId, DeploymentEngine> deployments = new LinkedHashMap<>();
        Set<String> stepNodes = new HashSet<>();
        for (int i = 0; i < 12 && stepNodes.size() < 2; i++) {
            DeploymentEngine requester = i % 2 == 0 ? nodeA : nodeB;
            ApplicationId application = createApplication(requester, "share-" + i);
            DeploymentId deployment = requester.requestDeployment(ALICE, application, null);
            deployments.put(deployment, requester);
            DeploymentView view = awaitEnded(requester, deployment);
            assertThat(view.status()).as("deployment %s: %s", deployment, view.reason())
                    .isEqualTo(DeploymentStatus.SUCCEEDED);
            Set<String> nodes = stepNodes(deployment);
            assertThat(nodes).as("nodes that ran the steps of deployment %s", deployment).hasSize(1);
            stepNodes.addAll(nodes);
        }

        assertThat(stepNodes).containsExactlyInAnyOrder("node-a-" + runId, "node-b-" + runId);
        for (DeploymentId deployment : deployments.keySet()) {
            for (DeploymentEngine node : List.of(nodeA, nodeB)) {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> node.findDeployment(deployment).map(DeploymentView::status).orElse(null),
                                DeploymentStatus.SUCCEEDED::equals);
            }
        }
        assertThat(count("SELECT count(*) FROM slipway_deployment_lease")).isZero();
    }

    @Test
    void secretOfOneNodeDeploysOnOther() throws Exception {
        DeploymentEngine nodeA = start("node-a");
        ApplicationId application = createApplication(nodeA, "secret");
        EncryptedSecret encrypted = nodeA.secretVault().encrypt(application, "API_KEY", SECRET_VALUE);
        nodeA.commandGateway().sendAndWait(asCommandMessage(
                new SetSecretCommand(application, new VariableName("API_KEY"), encrypted))
                .andMetaData(ALICE.toMetaData()));
        // Node A stops, so node B claims every saga segment and runs the whole deployment.
        nodeA.close();
        engines.remove(nodeA);
        DeploymentEngine nodeB = start("node-b");

        DeploymentId deployment = nodeB.requestDeployment(ALICE, application, null);
        DeploymentView view = awaitEnded(nodeB, deployment);

        assertThat(view.status()).as(view.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(stepNodes(deployment)).containsExactly("node-b-" + runId);
        HttpResponse<String> environment = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(view.url() + "/cgi-bin/env")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(environment.body()).contains("API_KEY=" + SECRET_VALUE);
        assertThat(temp.resolve("node-b").resolve("keys")).isEmptyDirectory();

        nodeB.commandGateway().sendAndWait(asCommandMessage(
                new DeleteApplicationCommand(application)).andMetaData(ALICE.toMetaData()));
        nodeB.secretVault().destroy(application);

        assertThat(count("SELECT count(*) FROM slipway_keyset")).isZero();
        assertThatThrownBy(() -> nodeA.secretVault().decrypt(application, "API_KEY", encrypted))
                .isInstanceOf(SecretException.class);
        assertThatThrownBy(() -> nodeB.secretVault().decrypt(application, "API_KEY", encrypted))
                .isInstanceOf(SecretException.class);
    }

    @Test
    void nodeIdInUseIsRejected() throws Exception {
        start("node-a");

        assertThatThrownBy(() -> start("node-a"))
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Engine node id 'node-a-" + runId + "' is in use");
    }

    @Test
    void changesFromBothNodesAgree() throws Exception {
        DeploymentEngine nodeA = start("node-a");
        DeploymentEngine nodeB = start("node-b");
        ApplicationId application = createApplication(nodeA, "agree");
        await().atMost(Duration.ofSeconds(10)).until(() -> nodeB.findApplication(ALICE, application).isPresent());
        VariableName greeting = new VariableName("GREETING");

        // Each node changes the application right after the other, within one poll of the other node's events.
        for (int i = 0; i < 10; i++) {
            nodeA.setEnvironmentVariable(ALICE, application, greeting, "from node A " + i);
            nodeB.setEnvironmentVariable(ALICE, application, greeting, "from node B " + i);
        }
        for (DeploymentEngine node : List.of(nodeA, nodeB)) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> node.findConfiguration(ALICE, application).orElseThrow().version(),
                            version -> version == 20);
        }
        // Each node applies the other's events twice a second, so a reordering would show within this time.
        Thread.sleep(1_500);

        assertThat(nodeA.findConfiguration(ALICE, application).orElseThrow().environment())
                .containsEntry("GREETING", "from node B 9");
        assertThat(nodeB.findConfiguration(ALICE, application).orElseThrow().environment())
                .containsEntry("GREETING", "from node B 9");
        Map<String, Long> changesByNode = nodeA.findAuditEvents(application.toString(), 100).stream()
                .filter(entry -> entry.eventType().equals("EnvironmentVariableSetEvent"))
                .collect(Collectors.groupingBy(AuditEntry::node, Collectors.counting()));
        assertThat(changesByNode).as("audit entries of the changes by storing node")
                .isEqualTo(Map.of("node-a-" + runId, 10L, "node-b-" + runId, 10L));
    }

    private DeploymentEngine start(String name) throws Exception {
        Path directory = temp.resolve(name);
        Files.createDirectories(directory.resolve("keys"));
        EngineSettings settings = EngineSettings.defaults(directory.resolve("work"))
                .withSourcePolicy(new SourcePolicy(false, true));
        DeploymentEngine engine = DeploymentEngine.builder()
                .sourceRepository(new JGitSourceRepository())
                .containerRuntime(new DockerContainerRuntime(DockerRuntimeSettings.defaults()))
                .settings(settings)
                .masterKey(masterKey)
                .keysetStore(new FileKeysetStore(directory.resolve("keys")))
                .cluster(dataSource(), new ClusterSettings(name + "-" + runId, 4, Duration.ofSeconds(5)))
                .build();
        engines.add(engine);
        return engine.start();
    }

    private ApplicationId createApplication(DeploymentEngine engine, String name) {
        ApplicationId application = engine.createApplication(ALICE, new ApplicationName("e-" + runId + "-" + name),
                new SourceSpec(repository, new GitRef("main"), null, null),
                new RuntimeSpec(8080, HttpHealthCheck.of("/health"), null));
        applications.add(application);
        return application;
    }

    private static DeploymentView awaitEnded(DeploymentEngine engine, DeploymentId deployment) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> engine.findDeployment(deployment).orElse(null),
                        view -> view != null && view.status().isFinal());
    }

    private void awaitSegmentsSharedByTwoNodes() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            List<String> owners = strings("SELECT owner FROM token_entry WHERE processor_name = ?",
                    DeploymentSaga.PROCESSING_GROUP);
            return owners.size() == 4 && !owners.contains(null) && new HashSet<>(owners).size() == 2
                    && owners.stream().filter(owners.get(0)::equals).count() == 2;
        });
    }

    /** Returns the nodes recorded on the step outcome events of a deployment. */
    private Set<String> stepNodes(DeploymentId deployment) throws SQLException {
        Set<String> nodes = new HashSet<>();
        String sql = "SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? AND payload_type NOT LIKE '%RequestedEvent'";
        for (String metaData : strings(sql, deployment.toString())) {
            String key = "\"" + DeploymentStepRunner.NODE_ID + "\":\"";
            int start = metaData.indexOf(key);
            if (start >= 0) {
                nodes.add(metaData.substring(start + key.length(), metaData.indexOf('"', start + key.length())));
            }
        }
        return nodes;
    }

    private PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(DATABASE_URL + "?currentSchema=" + schema);
        dataSource.setUser(DATABASE_USER);
        dataSource.setPassword(DATABASE_PASSWORD);
        return dataSource;
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private List<String> strings(String sql, String parameter) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource().getConnection();
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

    private Path sampleRepository() throws Exception {
        Path work = temp.resolve("sample");
        Path source = Path.of("..", "hello-app");
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path target = work.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path bare = temp.resolve("hello.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
            git.add().addFilepattern(".").call();
            PersonIdent author = new PersonIdent("Test", "test@slipway.invalid");
            git.commit().setMessage("Add the sample").setAuthor(author).setCommitter(author).call();
            git.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
            git.push().setRemote("origin").add("main").call();
        }
        return bare.toAbsolutePath();
    }

    private void removeDockerObjectsOf(ApplicationId application) {
        String label = EngineLabels.APPLICATION + "=" + application;
        for (Container container : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label))
                .exec()) {
            docker.removeContainerCmd(container.getId()).withForce(true).exec();
        }
        for (Image image : docker.listImagesCmd().withLabelFilter(label).exec()) {
            docker.removeImageCmd(image.getId()).withForce(true).exec();
        }
        // Other applications may share an image, so only the tags that name this application go.
        for (Image image : docker.listImagesCmd().withReferenceFilter("slipway/" + application).exec()) {
            for (String tag : image.getRepoTags()) {
                if (tag.startsWith("slipway/" + application + ":")) {
                    docker.removeImageCmd(tag).withForce(true).exec();
                }
            }
        }
        for (Network network : docker.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
            docker.removeNetworkCmd(network.getId()).exec();
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            fail("PostgreSQL not reachable at " + DATABASE_URL + " as '" + DATABASE_USER + "' (" + e.getMessage()
                    + "): start it with 'pg_ctlcluster 15 main start' and create the role and database it names", e);
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
