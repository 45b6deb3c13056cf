package dev.slipway.graphql;

import static dev.slipway.testsupport.ApplicationRequests.applicationBody;
import static dev.slipway.testsupport.ApplicationRequests.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import dev.slipway.testsupport.HardenedApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class ContainerPolicyGraphQlTest {

    private static final String CREATE = """
            mutation Create($input: CreateApplicationInput!) {
                createApplication(input: $input) { id }
            }""";
    private static final String DEPLOY = "mutation Deploy($id: ID!) { deploy(applicationId: $id) { id } }";
    private static final String DEPLOYMENT = """
            query D($id: ID!) { deployment(id: $id) { status failedStep reason containerId commit } }""";

    @Autowired
    private HttpGraphQlTester graphQl;
    @RegisterExtension
    final HardenedApp docker = HardenedApp.connect();

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("dev.slipway.testsupport.RejectedApplicationFields#runtimeFields")
    void createRejectsRuntimeInputWithoutTrace(String field, Object value, String ruleText) {
        String name = uniqueName();
        Map<String, Object> input = applicationBody(name, "https://git.example.test/o/r.git");
        input.put(field, value);
        String correlationId = "gql-" + UUID.randomUUID();
        List<String> applicationsBefore = applicationIds();

        graphQl.mutate().header("X-Correlation-Id", correlationId).build().document(CREATE)
                .variable("input", input).execute()
                .errors().satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getExtensions().get("classification")).isEqualTo("BAD_USER_INPUT");
                    assertThat(errors.get(0).getExtensions().get("field")).isEqualTo(field);
                    assertThat((String) errors.get(0).getExtensions().get("rule")).contains(ruleText);
                    assertThat(errors.get(0).getMessage()).doesNotContain("Exception", "\tat ", "java.");
                });
        // Other tests' deployments in this context may store events meanwhile, so only this request's entries count.
        assertThat(auditCorrelationIds()).doesNotContain(correlationId);
        assertThat(applicationIds()).isEqualTo(applicationsBefore);
        assertThat(docker.containersNamed(name)).isEmpty();
        assertThat(docker.volumesNamed(name)).isEmpty();
    }

    @Test
    void createRejectsPrivilegedField() {
        Map<String, Object> input = applicationBody(uniqueName(), "https://git.example.test/o/r.git");
        input.put("privileged", true);
        String correlationId = "gql-" + UUID.randomUUID();

        graphQl.mutate().header("X-Correlation-Id", correlationId).build().document(CREATE)
                .variable("input", input).execute()
                .errors().satisfy(errors -> assertThat(errors).isNotEmpty()
                        .allSatisfy(error -> assertThat(error.getMessage()).contains("privileged")));
        assertThat(auditCorrelationIds()).doesNotContain(correlationId);
    }

    @Test
    void deployKeepsContainerWithinPolicy() throws Exception {
        int hostPort = HardenedApp.freePort();
        Map<String, Object> input = applicationBody(uniqueName(), HardenedApp.createRepository(temp.resolve("repo")));
        input.put("healthCheckPath", "/health");
        input.put("ports", List.of("127.0.0.1:" + hostPort + ":8080"));
        input.put("volumes", List.of("data:/data:ro"));
        input.put("labels", List.of(Map.of("key", "team", "value", "web")));
        input.put("capabilities", List.of("NET_BIND_SERVICE"));
        input.put("readOnlyRootFilesystem", true);
        input.put("memoryMegabytes", 64);
        input.put("milliCpus", 250);
        input.put("pids", 64);

        Map<String, Object> deployment = deploy(input);
        InspectContainerResponse container = docker.inspect((String) deployment.get("containerId"));
        HostConfig host = container.getHostConfig();

        assertThat(deployment.get("status")).as("deployment: %s", deployment).isEqualTo("SUCCEEDED");
        assertThat(container.getConfig().getUser()).as("user").isEqualTo("65534:65534");
        assertThat(host.getPrivileged()).as("privileged").isFalse();
        assertThat(host.getCapDrop()).as("dropped capabilities").containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).as("added capabilities").containsExactly(Capability.NET_BIND_SERVICE);
        assertThat(host.getSecurityOpts()).as("security options").contains("no-new-privileges");
        assertThat(host.getReadonlyRootfs()).as("read-only root").isTrue();
        assertThat(host.getMemory()).as("memory").isEqualTo(64L * 1024 * 1024);
        assertThat(host.getNanoCPUs()).as("CPU").isEqualTo(250_000_000L);
        assertThat(host.getPidsLimit()).as("processes").isEqualTo(64L);
        assertThat(host.getNetworkMode()).as("network").startsWith("slipway-");
        assertThat(host.getPidMode()).as("PID namespace").isNullOrEmpty();
        assertThat(host.getIpcMode()).as("IPC namespace").isEqualTo("private");
        assertThat(host.getUsernsMode()).as("user namespace").isNullOrEmpty();
        assertThat(host.getDevices()).as("devices").isNullOrEmpty();
        assertThat(host.getBinds()).as("binds").isNullOrEmpty();
        assertThat(host.getMounts()).as("mounts").singleElement().satisfies(mount -> {
            assertThat(mount.getType()).isEqualTo(MountType.VOLUME);
            assertThat(mount.getTarget()).isEqualTo("/data");
            assertThat(mount.getReadOnly()).isTrue();
        });
        Ports.Binding[] published = host.getPortBindings().getBindings().get(ExposedPort.tcp(8080));
        assertThat(published).as("port bindings").extracting(Ports.Binding::getHostIp).containsOnly("127.0.0.1");
        assertThat(published).extracting(Ports.Binding::getHostPortSpec).contains(Integer.toString(hostPort));
        assertThat(container.getConfig().getLabels()).containsEntry("team", "web");
        assertThat(HardenedApp.get("http://127.0.0.1:" + hostPort + "/health").statusCode()).isEqualTo(200);
    }

    private Map<String, Object> deploy(Map<String, Object> input) {
        String applicationId = graphQl.document(CREATE).variable("input", input).execute()
                .path("createApplication.id").entity(String.class).get();
        docker.removeAfterTest(applicationId);
        String deploymentId = graphQl.document(DEPLOY).variable("id", applicationId).execute()
                .path("deploy.id").entity(String.class).get();
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> deployment(deploymentId),
                        deployment -> List.of("SUCCEEDED", "FAILED").contains((String) deployment.get("status")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> deployment(String deploymentId) {
        return graphQl.document(DEPLOYMENT).variable("id", deploymentId).execute()
                .path("deployment").entity(Map.class).get();
    }

    /** Returns the correlation ids of the stored audit entries, newest first. */
    private List<String> auditCorrelationIds() {
        return graphQl.document("{ auditEvents(limit: 1000) { correlationId } }").execute()
                .path("auditEvents[*].correlationId").entityList(String.class).get();
    }

    private List<String> applicationIds() {
        return graphQl.document("{ applications { id } }").execute()
                .path("applications[*].id").entityList(String.class).get();
    }
}
