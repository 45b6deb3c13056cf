package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class RuntimeSettingsReadbackTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    private RestApi api;

    @BeforeEach
    void setUp() {
        api = new RestApi(mvc, json);
    }

    @Test
    void applicationReadsBackRuntimeSettings() throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), "https://git.example.test/o/r.git");
        body.put("healthCheckPath", "/health");
        body.put("ports", List.of("6543:5432", "127.0.0.2:8081:8080"));
        body.put("volumes", List.of("data:/data:ro", "cache:/cache"));
        body.put("labels", List.of(Map.of("key", "team", "value", "web shop")));
        body.put("capabilities", List.of("NET_BIND_SERVICE"));
        body.put("readOnlyRootFilesystem", true);
        body.put("memoryMegabytes", 64);
        body.put("milliCpus", 250);
        body.put("pids", 32);
        MockHttpServletResponse created = api.postJson("/api/applications", body);
        assertThat(created.getStatus()).isEqualTo(201);
        String id = api.read(created).get("id").asText();

        JsonNode application = api.read(api.get("/api/applications/" + id));

        JsonNode runtime = application.get("runtime");
        assertThat(runtime.get("containerPort").asInt()).isEqualTo(8080);
        assertThat(texts(runtime.get("ports"))).containsExactly("127.0.0.1:6543:5432", "127.0.0.2:8081:8080");
        assertThat(texts(runtime.get("volumes"))).containsExactly("data:/data:ro", "cache:/cache");
        assertThat(runtime.get("labels").get(0).get("key").asText()).isEqualTo("team");
        assertThat(runtime.get("labels").get(0).get("value").asText()).isEqualTo("web shop");
        assertThat(texts(runtime.get("capabilities"))).containsExactly("NET_BIND_SERVICE");
        assertThat(runtime.get("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(runtime.get("memoryMegabytes").asLong()).isEqualTo(64);
        assertThat(runtime.get("milliCpus").asLong()).isEqualTo(250);
        assertThat(runtime.get("pids").asLong()).isEqualTo(32);
        assertThat(runtime.get("healthCheck").get("path").asText()).isEqualTo("/health");
        assertThat(runtime.get("healthCheck").get("expectedStatus").asInt()).isEqualTo(200);
        assertThat(application.get("currentImageId").isNull()).isTrue();
    }

    @Test
    void healthCheckReadsBackAsSent() throws Exception {
        Map<String, Object> healthCheck = Map.of("path", "/ready", "expectedStatus", 204, "intervalMillis", 750,
                "timeoutMillis", 1500, "retries", 3, "startPeriodMillis", 4000);
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), "https://git.example.test/o/r.git");
        body.put("healthCheck", healthCheck);
        MockHttpServletResponse created = api.postJson("/api/applications", body);
        assertThat(created.getStatus()).isEqualTo(201);
        String id = api.read(created).get("id").asText();

        JsonNode readBack = api.read(api.get("/api/applications/" + id)).get("runtime").get("healthCheck");

        assertThat(readBack).isEqualTo(json.valueToTree(healthCheck));
    }

    @Test
    void applicationWithoutRuntimeOptionsReadsBackDefaults() throws Exception {
        MockHttpServletResponse created = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), "https://git.example.test/o/r.git"));
        String id = api.read(created).get("id").asText();

        JsonNode runtime = api.read(api.get("/api/applications/" + id)).get("runtime");

        assertThat(runtime.get("ports")).isEmpty();
        assertThat(runtime.get("volumes")).isEmpty();
        assertThat(runtime.get("labels")).isEmpty();
        assertThat(runtime.get("capabilities")).isEmpty();
        assertThat(runtime.get("readOnlyRootFilesystem").asBoolean()).isFalse();
        assertThat(runtime.get("memoryMegabytes").asLong()).isEqualTo(256);
        assertThat(runtime.get("milliCpus").asLong()).isEqualTo(500);
        assertThat(runtime.get("pids").asLong()).isEqualTo(256);
        assertThat(runtime.get("healthCheck").get("path").asText()).isEqualTo("/");
    }

    @Test
    void domainsWithoutProxyAreRejected() throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), "https://git.example.test/o/r.git");
        body.put("domains", List.of("shop.example.test"));

        MockHttpServletResponse rejected = api.postJson("/api/applications", body);

        assertThat(rejected.getStatus()).isEqualTo(400);
        JsonNode problem = api.read(rejected);
        assertThat(problem.get("field").asText()).isEqualTo("domains");
        assertThat(problem.get("detail").asText()).contains("slipway.proxy.enabled=true");
    }

    @Test
    void malformedDomainIsRejectedBeforeProxyCheck() throws Exception {
        Map<String, Object> body = RestApi.applicationBody(RestApi.uniqueName(), "https://git.example.test/o/r.git");
        body.put("domains", List.of("shop.example.test/admin"));

        MockHttpServletResponse rejected = api.postJson("/api/applications", body);

        assertThat(rejected.getStatus()).isEqualTo(400);
        JsonNode problem = api.read(rejected);
        assertThat(problem.get("field").asText()).isEqualTo("domains");
        assertThat(problem.get("detail").asText()).contains("DNS host name");
    }

    @Test
    void applicationWithoutDomainsReadsBackEmptyList() throws Exception {
        MockHttpServletResponse created = api.postJson("/api/applications",
                RestApi.applicationBody(RestApi.uniqueName(), "https://git.example.test/o/r.git"));
        String id = api.read(created).get("id").asText();

        JsonNode runtime = api.read(api.get("/api/applications/" + id)).get("runtime");

        assertThat(runtime.get("domains").isArray()).isTrue();
        assertThat(runtime.get("domains")).isEmpty();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
