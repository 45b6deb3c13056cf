package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testsupport.ConfiguredApp;
import dev.slipway.testsupport.DockerConnections;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Domains set through GraphQL and served by the engine's proxy on the real Docker engine. */
@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class DomainsGraphQlTest {

    private static final String ENGINE_ID = "graphql-domains-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int PROXY_PORT = freePort();
    private static final String CREATE = """
            mutation Create($input: CreateApplicationInput!) {
                createApplication(input: $input) { id runtime { domains } }
            }""";

    @Autowired
    private HttpGraphQlTester graphQl;
    @RegisterExtension
    final ConfiguredApp docker = ConfiguredApp.connect();

    @TempDir
    Path repository;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("slipway.engine-id", () -> ENGINE_ID);
        registry.add("slipway.proxy.enabled", () -> "true");
        registry.add("slipway.proxy.publish-address", () -> "127.0.0.1");
        registry.add("slipway.proxy.http-port", () -> PROXY_PORT);
    }

    @BeforeEach
    void setUp() {
        graphQl = graphQl.mutate().header("X-Slipway-User", "alice").build();
    }

    @AfterAll
    static void removeProxy() throws IOException {
        try (var client = DockerConnections.connect()) {
            String proxy = "slipway-proxy-" + ENGINE_ID;
            client.listContainersCmd().withShowAll(true).withNameFilter(List.of(proxy)).exec()
                    .forEach(container -> client.removeContainerCmd(container.getId()).withForce(true).exec());
            // The proxy's own network has the name of the proxy container.
            client.listNetworksCmd().withNameFilter(proxy).exec().stream()
                    .filter(network -> proxy.equals(network.getName()))
                    .forEach(network -> client.removeNetworkCmd(network.getId()).exec());
        }
    }

    @Test
    void deploymentServesDomainThroughProxy() throws Exception {
        GraphQlTester.Response created = graphQl.document(CREATE).variable("input", Map.of(
                "name", "domains-" + UUID.randomUUID().toString().substring(0, 8),
                "repositoryUrl", ConfiguredApp.createRepository(repository), "ref", "main", "containerPort", 8080,
                "healthCheckPath", "/health", "domains", List.of("GraphQL.Example.test"))).execute();
        String applicationId = created.path("createApplication.id").entity(String.class).get();
        docker.removeAfterTest(applicationId);
        created.path("createApplication.runtime.domains").entityList(String.class)
                .containsExactly("graphql.example.test");

        Map<String, Object> finished = deploy(applicationId);

        assertThat(finished.get("status")).as("deployment: %s", finished).isEqualTo("SUCCEEDED");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) finished.get("steps");
        assertThat(steps).extracting(step -> step.get("step")).containsSubsequence("HEALTH_CHECK",
                "SWITCH_TRAFFIC");
        String direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(finished.get("url")
                + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String throughProxy = getThroughProxy("graphql.example.test");
        assertThat(throughProxy).matches("(?s)HTTP/1\\.[01] 200 .*").endsWith(direct);
    }

    @Test
    void domainOfOtherApplicationIsRejected() {
        graphQl.document(CREATE).variable("input", Map.of("name", "first-" + UUID.randomUUID().toString()
                        .substring(0, 8), "repositoryUrl", "file:///tmp/never-cloned", "ref", "main",
                        "containerPort", 8080, "domains", List.of("taken.example.test"))).execute()
                .path("createApplication.id").hasValue();

        graphQl.document(CREATE).variable("input", Map.of("name", "second-" + UUID.randomUUID().toString()
                        .substring(0, 8), "repositoryUrl", "file:///tmp/never-cloned", "ref", "main",
                        "containerPort", 8080, "domains", List.of("TAKEN.example.test"))).execute()
                .errors().satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getExtensions().get("field")).isEqualTo("domains");
                });
    }

    @Test
    void setDomainsReplacesDomainsAndFreesOldOnes() {
        String applicationId = graphQl.document(CREATE).variable("input", Map.of("name", "moved-"
                        + UUID.randomUUID().toString().substring(0, 8), "repositoryUrl", "file:///tmp/never-cloned",
                        "ref", "main", "containerPort", 8080, "domains", List.of("old.example.test"))).execute()
                .path("createApplication.id").entity(String.class).get();

        graphQl.document("mutation S($id: ID!, $domains: [String!]!) { setDomains(applicationId: $id,"
                        + " domains: $domains) { runtime { domains } } }")
                .variable("id", applicationId).variable("domains", List.of("New.example.test")).execute()
                .path("setDomains.runtime.domains").entityList(String.class).containsExactly("new.example.test");

        graphQl.document(CREATE).variable("input", Map.of("name", "heir-" + UUID.randomUUID().toString()
                        .substring(0, 8), "repositoryUrl", "file:///tmp/never-cloned", "ref", "main",
                        "containerPort", 8080, "domains", List.of("old.example.test"))).execute()
                .path("createApplication.runtime.domains").entityList(String.class)
                .containsExactly("old.example.test");
    }

    private Map<String, Object> deploy(String applicationId) {
        String deploymentId = graphQl.document("mutation Deploy($id: ID!) { deploy(applicationId: $id) { id } }")
                .variable("id", applicationId).execute()
                .path("deploy.id").entity(String.class).get();
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> deployment(deploymentId),
                        deployment -> List.of("SUCCEEDED", "FAILED").contains((String) deployment.get("status")));
    }

    private Map<String, Object> deployment(String deploymentId) {
        @SuppressWarnings("unchecked")
        Map<String, Object> deployment = graphQl.document("query D($id: ID!) { deployment(id: $id) {"
                        + " status reason url steps { step } } }").variable("id", deploymentId).execute()
                .path("deployment").entity(Map.class).get();
        return deployment;
    }

    /** Sends {@code GET /} with {@code host} as the Host header, which the JDK HTTP client cannot set. */
    private static String getThroughProxy(String host) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", PROXY_PORT), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the proxy", e);
        }
    }
}
