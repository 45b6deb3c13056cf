package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import dev.slipway.testsupport.HardenedApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class ContainerPolicyEndpointsTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    private RestApi api;
    @RegisterExtension
    final HardenedApp docker = HardenedApp.connect();

    @TempDir
    Path temp;

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("dev.slipway.testsupport.RejectedApplicationFields#runtimeFields")
    void createRejectsRuntimeInputWithoutTrace(String field, Object value, String ruleText) throws Exception {
        String name = RestApi.uniqueName();
        Map<String, Object> body = RestApi.applicationBody(name, "https://git.example.test/o/r.git");
        body.put(field, value);
        List<JsonNode> auditBefore = api.auditEntries();
        JsonNode applicationsBefore = api.read(api.get("/api/applications"));

        MockHttpServletResponse response = api.postJson("/api/applications", body);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo(field);
        assertThat(problem.get("rule").asText()).contains(ruleText);
        // The engine's own label prefix, dev.slipway., may appear because a rejected label names it.
        assertThat(response.getContentAsString()).doesNotContain("Exception", "\tat ", "org.axonframework", "java.");
        assertThat(api.auditEntries()).isEqualTo(auditBefore);
        assertThat(api.read(api.get("/api/applications"))).isEqualTo(applicationsBefore);
        assertThat(docker.containersNamed(name)).isEmpty();
        assertThat(docker.volumesNamed(name)).isEmpty();
    }

    static Stream<Arguments> hostAccessFields() {
        return Stream.of(
                Arguments.of("privileged", true),
                Arguments.of("networkMode", "host"),
                Arguments.of("pidMode", "host"),
                Arguments.of("ipcMode", "host"),
                Arguments.of("usernsMode", "host"),
                Arguments.of("user", "0:0"),
                Arguments.of("devices", List.of("/dev/mem")),
                Arguments.of("binds", List.of("/:/host", "/var/run/docker.sock:/var/run/docker.sock")),
                Arguments.of("capAdd", List.of("SYS_ADMIN")));
    }

    /** Docker settings for host access are not fields of the API, so a body that sends one is rejected. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostAccessFields")
    void hostAccessFieldIsRejected(String field, Object value) throws Exception {
        String name = RestApi.uniqueName();
        Map<String, Object> body = RestApi.applicationBody(name, "https://git.example.test/org/shop.git");
        body.put(field, value);

        MockHttpServletResponse response = api.postJson("/api/applications", body, "X-Slipway-User", "alice");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("field").asText()).isEqualTo(field);
        assertThat(api.read(api.get("/api/applications")).findValuesAsText("name")).doesNotContain(name);
    }

    @Test
    void deployKeepsContainerWithinPolicy() throws Exception {
        int hostPort = HardenedApp.freePort();
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(),
                HardenedApp.createRepository(temp.resolve("repo")));
        body.put("healthCheckPath", "/health");
        body.put("ports", List.of("127.0.0.1:" + hostPort + ":8080"));
        body.put("volumes", List.of("data:/data:ro"));
        body.put("labels", List.of(Map.of("key", "team", "value", "web shop")));
        body.put("capabilities", List.of("NET_BIND_SERVICE"));
        body.put("readOnlyRootFilesystem", true);
        body.put("memoryMegabytes", 64);
        body.put("milliCpus", 250);
        body.put("pids", 64);

        InspectContainerResponse container = docker.inspect(deploy(body).get("containerId").asText());
        HostConfig host = container.getHostConfig();

        assertThat(container.getConfig().getUser()).as("user").isEqualTo("65534:65534");
        assertThat(host.getPrivileged()).as("privileged").isFalse();
        assertThat(host.getCapDrop()).as("dropped capabilities").containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).as("added capabilities").containsExactly(Capability.NET_BIND_SERVICE);
        assertThat(host.getSecurityOpts()).as("security options").contains("no-new-privileges");
        assertThat(host.getReadonlyRootfs()).as("read-only root").isTrue();
        assertThat(host.getTmpFs()).as("tmpfs").containsKey("/tmp");
        assertThat(host.getMemory()).as("memory").isEqualTo(64L * 1024 * 1024);
        assertThat(host.getMemorySwap()).as("memory and swap").isEqualTo(64L * 1024 * 1024);
        assertThat(host.getNanoCPUs()).as("CPU").isEqualTo(250_000_000L);
        assertThat(host.getPidsLimit()).as("processes").isEqualTo(64L);
        assertThat(host.getNetworkMode()).as("network").startsWith("slipway-");
        assertThat(host.getPidMode()).as("PID namespace").isNullOrEmpty();
        assertThat(host.getIpcMode()).as("IPC namespace").isEqualTo("private");
        assertThat(host.getUsernsMode()).as("user namespace").isNullOrEmpty();
        assertThat(host.getDevices()).as("devices").isNullOrEmpty();
        assertThat(host.getBinds()).as("binds").isNullOrEmpty();
        assertThat(container.getMounts()).as("mounts").allSatisfy(mount -> {
            assertThat(mount.getSource()).doesNotContain("docker.sock");
            assertThat(mount.getDestination().getPath()).isNotEqualTo("/host");
        });
        assertThat(host.getMounts()).as("volume mounts").singleElement().satisfies(this::isReadOnlyDataVolume);
        Ports.Binding[] published = host.getPortBindings().getBindings().get(ExposedPort.tcp(8080));
        assertThat(published).as("port bindings").extracting(Ports.Binding::getHostIp).containsOnly("127.0.0.1");
        assertThat(published).extracting(Ports.Binding::getHostPortSpec).contains(Integer.toString(hostPort));
        assertThat(container.getConfig().getLabels()).containsEntry("team", "web shop")
                .containsEntry("dev.slipway.managed", "true");
        assertThat(HardenedApp.get("http://127.0.0.1:" + hostPort + "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void deployOnTakenHostPortFails() throws Exception {
        int hostPort = HardenedApp.freePort();
        String repository = HardenedApp.createRepository(temp.resolve("repo"));
        Map<String, Object> first = RestApi.applicationBody(RestApi.uniqueName(), repository);
        first.put("healthCheckPath", "/health");
        first.put("ports", List.of("127.0.0.1:" + hostPort + ":8080"));
        String firstContainer = deploy(first).get("containerId").asText();
        Map<String, Object> second = new LinkedHashMap<>(first);
        second.put("name", RestApi.uniqueName());
        String secondId = create(second);

        JsonNode failed = awaitFinished(requestDeployment(secondId));

        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failedStep").asText()).isEqualTo("RESOLVE_COMMIT");
        assertThat(failed.get("reason").asText()).contains("127.0.0.1:" + hostPort)
                .contains("already published by container");
        assertThat(docker.inspect(firstContainer).getState().getRunning()).isTrue();
        assertThat(HardenedApp.get("http://127.0.0.1:" + hostPort + "/health").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> docker.leftovers(secondId).isEmpty());
    }

    private void isReadOnlyDataVolume(Mount mount) {
        assertThat(mount.getType()).isEqualTo(MountType.VOLUME);
        assertThat(mount.getSource()).startsWith("slipway-").endsWith("-data");
        assertThat(mount.getTarget()).isEqualTo("/data");
        assertThat(mount.getReadOnly()).isTrue();
    }

    /** Creates and deploys an application, waits until it succeeds, and returns the deployment. */
    private JsonNode deploy(Map<String, Object> body) throws Exception {
        JsonNode deployment = awaitFinished(requestDeployment(create(body)));
        assertThat(deployment.get("status").asText()).as("deployment: %s", deployment).isEqualTo("SUCCEEDED");
        return deployment;
    }

    private String create(Map<String, Object> body) throws Exception {
        MockHttpServletResponse created = api.postJson("/api/applications", body);
        assertThat(created.getStatus()).as("creation: %s", created.getContentAsString()).isEqualTo(201);
        String id = api.read(created).get("id").asText();
        docker.removeAfterTest(id);
        return id;
    }

    private String requestDeployment(String applicationId) throws Exception {
        MockHttpServletResponse accepted = api.post("/api/applications/" + applicationId + "/deployments");
        assertThat(accepted.getStatus()).as("deploy: %s", accepted.getContentAsString()).isEqualTo(202);
        return api.read(accepted).get("id").asText();
    }

    private JsonNode awaitFinished(String deploymentId) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.read(api.get("/api/deployments/" + deploymentId)),
                        deployment -> List.of("SUCCEEDED", "FAILED").contains(deployment.get("status").asText()));
    }
}
