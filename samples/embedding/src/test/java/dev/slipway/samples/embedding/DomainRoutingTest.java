package dev.slipway.samples.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

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
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentStatus;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.deployment.DeploymentView;
import dev.slipway.core.deployment.StepView;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.DomainName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.spec.SourcePolicy;
import dev.slipway.docker.DockerContainerRuntime;
import dev.slipway.docker.DockerRuntimeSettings;
import dev.slipway.docker.ProxySettings;
import dev.slipway.git.JGitSourceRepository;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Domains served through the engine's Caddy proxy on the real Docker engine: each deployment switches the proxy to
 * its new container before the previous container stops, so requests during a redeploy never fail.
 */
class DomainRoutingTest {

    private static final RequestContext ALICE = RequestContext.of(Caller.user("alice"), null);
    private static final Duration DEPLOYMENT_TIMEOUT = Duration.ofMinutes(3);
    private static final String ENGINE_ID = "domain-routing-test";
    private static final String PROXY_CONTAINER = "slipway-proxy-" + ENGINE_ID;
    private static final DomainName SHOP = new DomainName("shop.example.test");
    private static final DomainName WWW = new DomainName("www.shop.example.test");
    private static final String DATABASE_URL = setting("SLIPWAY_TEST_DATABASE_URL",
            "jdbc:postgresql://127.0.0.1:5432/slipway_test");
    private static final String DATABASE_USER = setting("SLIPWAY_TEST_DATABASE_USER", "slipway");
    private static final String DATABASE_PASSWORD = setting("SLIPWAY_TEST_DATABASE_PASSWORD", "slipway");

    @TempDir
    Path temp;

    private final List<ApplicationId> applications = new ArrayList<>();
    private DockerClient docker;
    private DeploymentEngine engine;
    private Git work;
    private int proxyPort;
    private String schema;
    private final MasterKey masterKey = MasterKey.generate();

    @BeforeEach
    void startEngine() throws Exception {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///var/run/docker.sock").build();
        docker = DockerClientImpl.getInstance(config,
                new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("Docker engine not reachable at unix:///var/run/docker.sock: run scripts/setup-docker.sh as root", e);
        }
        removeProxy();
        try (ServerSocket socket = new ServerSocket(0)) {
            proxyPort = socket.getLocalPort();
        }
        engine = startEngine(null);
        Path bare = temp.resolve("app.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        work = Git.init().setInitialBranch("main").setDirectory(temp.resolve("source").toFile()).call();
        work.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
    }

    /** Starts an engine with the proxy, which keeps its events in memory, or in {@code dataSource} when not null. */
    private DeploymentEngine startEngine(DataSource dataSource) {
        DockerContainerRuntime runtime = new DockerContainerRuntime(DockerRuntimeSettings.defaults()
                .withEngineId(ENGINE_ID));
        DeploymentEngine.Builder builder = DeploymentEngine.builder()
                .sourceRepository(new JGitSourceRepository())
                .containerRuntime(runtime)
                .trafficRouter(runtime.trafficRouter(ProxySettings.defaults().withPublished("127.0.0.1", proxyPort)))
                .settings(EngineSettings.defaults(temp.resolve("work")).withSourcePolicy(new SourcePolicy(false, true)))
                .masterKey(masterKey);
        if (dataSource != null) {
            builder.postgresStorage(dataSource);
        }
        return builder.build().start();
    }

    @AfterEach
    void removeDockerObjects() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        if (work != null) {
            work.close();
        }
        removeProxy();
        for (ApplicationId application : applications) {
            String label = EngineLabels.APPLICATION + "=" + application;
            for (Container container : docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(label)).exec()) {
                docker.removeContainerCmd(container.getId()).withForce(true).exec();
            }
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
        removeProxyNetwork();
        docker.close();
    }

    @Test
    void redeploySwitchesDomainsWithoutFailedRequests() throws Exception {
        ApplicationId application = createApplication("shop", List.of(SHOP, WWW));
        commit("version 1", true);
        DeploymentView first = deploy(application);
        assertThat(first.status()).as(first.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(stepDetail(first, DeploymentStep.SWITCH_TRAFFIC)).contains("shop.example.test",
                "www.shop.example.test");
        assertThat(getThroughProxy(SHOP.value()).body()).isEqualTo("version 1\n");
        assertThat(getThroughProxy(WWW.value()).body()).isEqualTo("version 1\n");
        commit("version 2", true);

        Map<String, Integer> bodies = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                try {
                    ProxyResponse response = getThroughProxy(SHOP.value());
                    if (response.statusCode() == 200) {
                        bodies.merge(response.body(), 1, Integer::sum);
                    } else {
                        failures.add("HTTP " + response.statusCode() + " " + response.body());
                    }
                } catch (IOException | RuntimeException e) {
                    failures.add(e.toString());
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        });
        poller.start();
        DeploymentView second;
        try {
            second = deploy(application);
        } finally {
            polling.set(false);
            poller.join();
        }

        assertThat(second.status()).as(second.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(failures).isEmpty();
        assertThat(bodies).containsKeys("version 1\n", "version 2\n");
        assertThat(getThroughProxy(SHOP.value()).body()).isEqualTo("version 2\n");
        List<DeploymentStep> steps = second.steps().stream().map(StepView::step).toList();
        assertThat(steps.indexOf(DeploymentStep.SWITCH_TRAFFIC))
                .isGreaterThan(steps.indexOf(DeploymentStep.HEALTH_CHECK))
                .isLessThan(steps.indexOf(DeploymentStep.STOP_PREVIOUS));
    }

    @Test
    void restartRoutesDomainsOfRemovedProxyAgain() throws Exception {
        engine.close();
        schema = "slipway_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        engine = startEngine(dataSource());
        ApplicationId application = createApplication("restarted", List.of(SHOP));
        commit("version 1", true);
        assertThat(deploy(application).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        engine.close();
        removeProxy();

        engine = startEngine(dataSource());

        ProxyResponse response = getThroughProxy(SHOP.value());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("version 1\n");
    }

    @Test
    void changedDomainsAreServedWithoutDeployment() throws Exception {
        ApplicationId application = createApplication("changed", List.of(SHOP));
        commit("version 1", true);
        assertThat(deploy(application).status()).isEqualTo(DeploymentStatus.SUCCEEDED);

        engine.setDomains(ALICE, application, List.of(WWW));

        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    assertThat(getThroughProxy(WWW.value()).body()).isEqualTo("version 1\n");
                    assertThat(getThroughProxy(SHOP.value()).statusCode()).isEqualTo(404);
                });
        assertThat(engine.findApplication(application).orElseThrow().runtime().domains())
                .containsExactly("www.shop.example.test");
        // The domain that the application gave up is free for another one.
        createApplication("successor", List.of(SHOP));

        engine.setDomains(ALICE, application, List.of());

        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> assertThat(getThroughProxy(WWW.value()).statusCode()).isEqualTo(404));
        commit("version 2", true);
        DeploymentView withoutDomains = deploy(application);
        assertThat(withoutDomains.status()).as(withoutDomains.reason()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(withoutDomains.steps()).extracting(StepView::step).doesNotContain(DeploymentStep.SWITCH_TRAFFIC);
    }

    @Test
    void failedHealthCheckKeepsDomainsOnPreviousRelease() throws Exception {
        ApplicationId application = createApplication("unhealthy", List.of(SHOP));
        commit("version 1", true);
        assertThat(deploy(application).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        commit("version 2", false);

        DeploymentView second = deploy(application);

        assertThat(second.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(second.failedStep()).isEqualTo(DeploymentStep.HEALTH_CHECK);
        assertThat(getThroughProxy(SHOP.value()).body()).isEqualTo("version 1\n");
    }

    @Test
    void deletedApplicationLeavesProxyAndNetwork() throws Exception {
        ApplicationId application = createApplication("deleted", List.of(SHOP));
        commit("version 1", true);
        assertThat(deploy(application).status()).isEqualTo(DeploymentStatus.SUCCEEDED);

        engine.deleteApplication(ALICE, application);

        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    assertThat(getThroughProxy(SHOP.value()).statusCode()).isEqualTo(404);
                    assertThat(docker.listNetworksCmd().withFilter("label",
                            List.of(EngineLabels.APPLICATION + "=" + application)).exec()).isEmpty();
                });
        // The domain is free again for a new application.
        createApplication("successor", List.of(SHOP));
    }

    @Test
    void domainOfOtherApplicationIsRejected() {
        createApplication("first", List.of(SHOP));

        assertThatThrownBy(() -> createApplication("second", List.of(WWW, SHOP)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("domains");
                    assertThat(e.rejectedValue()).isEqualTo("shop.example.test");
                });
        // The rejected application took neither of its domains.
        createApplication("third", List.of(WWW));
    }

    private ApplicationId createApplication(String name, List<DomainName> domains) {
        RepositoryUrl url = RepositoryUrl.parse("file://" + temp.resolve("app.git").toAbsolutePath());
        RuntimeSpec runtime = new RuntimeSpec(8080, new HttpHealthCheck("/health", 200, Duration.ofMillis(100),
                Duration.ofSeconds(2), 2), null, null, null, null, null, false, null, domains);
        ApplicationId application = engine.createApplication(ALICE,
                new ApplicationName(name + "-" + Long.toHexString(System.nanoTime())),
                new SourceSpec(url, new GitRef("main"), null, null), runtime);
        applications.add(application);
        return application;
    }

    /** Commits a busybox httpd application serving {@code content} at {@code /}, and pushes it. */
    private void commit(String content, boolean withHealthFile) throws Exception {
        Path source = work.getRepository().getWorkTree().toPath();
        Files.createDirectories(source.resolve("www"));
        Files.writeString(source.resolve("Dockerfile"), "FROM busybox:stable\nCOPY www/ /www/\nUSER 65534:65534\n"
                + "CMD [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/www\"]\n");
        Files.writeString(source.resolve("www/index.html"), content + "\n");
        Path health = source.resolve("www/health");
        if (withHealthFile) {
            Files.writeString(health, "ok\n");
        } else {
            Files.deleteIfExists(health);
        }
        work.add().addFilepattern(".").call();
        work.add().setUpdate(true).addFilepattern(".").call();
        PersonIdent author = new PersonIdent("Test", "test@slipway.invalid");
        work.commit().setMessage(content).setAuthor(author).setCommitter(author).call();
        work.push().setRemote("origin").add("main").call();
    }

    private DeploymentView deploy(ApplicationId application) throws InterruptedException {
        DeploymentId deployment = engine.requestDeployment(ALICE, application, null);
        Instant deadline = Instant.now().plus(DEPLOYMENT_TIMEOUT);
        DeploymentView view = engine.findDeployment(deployment).orElseThrow();
        while (!view.status().isFinal() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            view = engine.findDeployment(deployment).orElseThrow();
        }
        assertThat(view.status().isFinal()).as("deployment %s ended within %s", deployment, DEPLOYMENT_TIMEOUT)
                .isTrue();
        return view;
    }

    /**
     * Sends {@code GET /} with {@code host} in the Host header to the proxy. The JDK's HTTP clients do not let a
     * caller set that header, so the request goes over a plain socket, as HTTP/1.0 so that no response is chunked.
     */
    private ProxyResponse getThroughProxy(String host) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", proxyPort), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.") || headerEnd < 0) {
                throw new IOException("not an HTTP response: " + response);
            }
            int status = Integer.parseInt(response.substring(9, 12));
            return new ProxyResponse(status, response.substring(headerEnd + 4));
        }
    }

    /** Status and body of one response of the proxy. */
    private record ProxyResponse(int statusCode, String body) {
    }

    private static String stepDetail(DeploymentView deployment, DeploymentStep step) {
        return deployment.steps().stream().filter(view -> view.step() == step).map(StepView::detail).findFirst()
                .orElse("");
    }

    private PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(DATABASE_URL + "?currentSchema=" + schema);
        dataSource.setUser(DATABASE_USER);
        dataSource.setPassword(DATABASE_PASSWORD);
        return dataSource;
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            fail("PostgreSQL not reachable at " + DATABASE_URL + " as '" + DATABASE_USER + "' (" + e.getMessage()
                    + "): run scripts/setup-postgres.sh as root", e);
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private void removeProxy() {
        docker.listContainersCmd().withShowAll(true).withNameFilter(List.of(PROXY_CONTAINER)).exec()
                .forEach(container -> docker.removeContainerCmd(container.getId()).withForce(true).exec());
    }

    /** Removes the proxy's own network, which has the name of the proxy container. */
    private void removeProxyNetwork() {
        docker.listNetworksCmd().withNameFilter(PROXY_CONTAINER).exec().stream()
                .filter(network -> PROXY_CONTAINER.equals(network.getName()))
                .forEach(network -> docker.removeNetworkCmd(network.getId()).exec());
    }
}
