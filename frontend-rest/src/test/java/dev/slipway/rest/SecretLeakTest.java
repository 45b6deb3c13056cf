package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.engine.DeploymentEngine;
import dev.slipway.testsupport.ConfiguredApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Deploys with a secret that the application prints at start, then searches every stored event, every log line and
 * every API response of those deployments for the value and its encoded forms.
 */
@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class SecretLeakTest {

    private static final String API_KEY = "sk_test_PLACEHOLDER_987";
    private static final String PRINTING_DOCKERFILE = """
            FROM busybox:stable
            COPY www/ /www/
            USER 65534:65534
            EXPOSE 8080
            CMD ["sh", "-c", "echo \\"starting with key $API_KEY\\"; printf '%s' \\"$API_KEY\\" | base64; \
            exec httpd -f -v -p 8080 -h /www"]
            """;
    private static final String FAILING_DOCKERFILE = """
            FROM busybox:stable
            USER 65534:65534
            CMD ["sh", "-c", "echo \\"starting with key $API_KEY\\"; printf '%s' \\"$API_KEY\\" | base64; exit 3"]
            """;

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private EventStore eventStore;
    private RestApi api;
    @RegisterExtension
    final ConfiguredApp docker = ConfiguredApp.connect();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<String> responses = new ArrayList<>();
    private final List<String> applicationIds = new ArrayList<>();

    @TempDir
    Path workspace;

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
        logs.start();
        rootLogger().addAppender(logs);
    }

    @AfterEach
    void tearDown() throws Exception {
        rootLogger().detachAppender(logs);
    }

    @Test
    void deploymentWithSecretLeaksNoFormOfIt() throws Exception {
        String serving = createApplication(ConfiguredApp.createRepository(workspace.resolve("serving"),
                PRINTING_DOCKERFILE));
        String failing = createApplication(ConfiguredApp.createRepository(workspace.resolve("failing"),
                FAILING_DOCKERFILE));

        JsonNode configuration = setSecret(serving);
        setSecret(failing);
        JsonNode succeeded = deployAndAwait(serving, "SUCCEEDED");
        JsonNode failed = deployAndAwait(failing, "FAILED");

        assertThat(docker.environment(succeeded.get("containerId").asText())).containsEntry("API_KEY", API_KEY);
        JsonNode secret = configuration.get("secrets").get(0);
        assertThat(secret.get("name").asText()).isEqualTo("API_KEY");
        assertThat(secret.get("version").asLong()).isEqualTo(1);
        assertThat(secret.get("mask").asText()).isEqualTo("********");
        assertThat(secret.get("setBy").asText()).isEqualTo("user:alice");
        // The container exits at once. The start step detects the exit, or the first probe does when it ran briefly.
        assertThat(failed.get("failedStep").asText()).isIn("START_CONTAINER", "HEALTH_CHECK");
        assertThat(failed.get("reason").asText()).contains("starting with key ********");
        for (String applicationId : applicationIds) {
            read("/api/applications/" + applicationId);
            read("/api/applications/" + applicationId + "/configuration");
            read("/api/applications/" + applicationId + "/deployments");
        }
        read("/api/deployments/" + succeeded.get("id").asText() + "/configuration");
        read("/api/audit-events?limit=1000");
        read("/api/applications");

        List<String> forms = encodedForms(API_KEY);
        assertThat(storedEvents()).as("stored events").isNotEmpty()
                .allSatisfy(event -> assertThat(event).doesNotContain(forms));
        assertThat(responses).allSatisfy(response -> assertThat(response).doesNotContain(forms));
        assertThat(logLines()).as("log lines").isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain(forms));
    }

    @Test
    void shortSecretIsRejectedWithoutEchoingIt() throws Exception {
        String applicationId = createApplication("file:///tmp/slipway-missing-secret-repository");

        MockHttpServletResponse response = put(applicationId, "API_KEY", "abc1234");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(api.read(response).get("field").asText()).isEqualTo("value");
        assertThat(response.getContentAsString()).doesNotContain("abc1234");
    }

    private JsonNode setSecret(String applicationId) throws Exception {
        MockHttpServletResponse response = put(applicationId, "API_KEY", API_KEY);
        assertThat(response.getStatus()).as("set secret: %s", response.getContentAsString()).isEqualTo(200);
        responses.add(response.getContentAsString());
        return api.read(response);
    }

    private MockHttpServletResponse put(String applicationId, String name, String value) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.put("/api/applications/" + applicationId + "/secrets/" + name)
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("X-Slipway-User", "alice")
                        .content(json.writeValueAsString(Map.of("value", value))))
                .andReturn().getResponse();
    }

    private JsonNode deployAndAwait(String applicationId, String status) throws Exception {
        MockHttpServletResponse accepted = api.post("/api/applications/" + applicationId + "/deployments",
                "X-Slipway-User", "alice");
        responses.add(accepted.getContentAsString());
        String deploymentId = api.read(accepted).get("id").asText();
        JsonNode finished = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> read("/api/deployments/" + deploymentId),
                        view -> List.of("SUCCEEDED", "FAILED").contains(view.get("status").asText()));
        assertThat(finished.get("status").asText()).as("deployment: %s", finished).isEqualTo(status);
        return finished;
    }

    private JsonNode read(String path) throws Exception {
        MockHttpServletResponse response = api.get(path);
        responses.add(response.getContentAsString());
        return api.read(response);
    }

    private String createApplication(String repositoryUrl) throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), repositoryUrl);
        body.put("healthCheckPath", "/health");
        MockHttpServletResponse created = api.postJson("/api/applications", body, "X-Slipway-User", "alice");
        assertThat(created.getStatus()).as("creation: %s", created.getContentAsString()).isEqualTo(201);
        responses.add(created.getContentAsString());
        String id = api.read(created).get("id").asText();
        applicationIds.add(id);
        docker.removeAfterTest(id);
        return id;
    }

    /** Returns each stored event's payload and metadata as the engine's Jackson serializer writes them. */
    private List<String> storedEvents() {
        Serializer serializer = DeploymentEngine.Builder.jacksonSerializer();
        List<String> events = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (stream.hasNextAvailable()) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                byte[] payload = serializer.serialize(event.getPayload(), byte[].class).getData();
                byte[] metaData = serializer.serialize(event.getMetaData(), byte[].class).getData();
                events.add(new String(payload, StandardCharsets.UTF_8) + new String(metaData, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while reading the event store", e);
        }
        return events;
    }

    private List<String> logLines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            lines.add(event.getFormattedMessage());
            for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                lines.add(String.valueOf(thrown.getMessage()));
            }
        }
        return lines;
    }

    private static List<String> encodedForms(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return List.of(value,
                Base64.getEncoder().encodeToString(bytes),
                Base64.getEncoder().withoutPadding().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
