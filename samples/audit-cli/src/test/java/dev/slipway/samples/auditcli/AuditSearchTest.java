package dev.slipway.samples.auditcli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Searches and exports the audit log of a running server over REST and GraphQL. */
@SpringBootTest(classes = AuditServer.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(Lifecycle.PER_CLASS)
class AuditSearchTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final Path dataDirectory = Path.of("target", "audit-" + UUID.randomUUID()).toAbsolutePath();
    private static final String VARIABLE_VALUE = "s3cr3t-" + UUID.randomUUID();
    private static final String SECRET_VALUE = "api-key-" + UUID.randomUUID();

    @Autowired
    private TestRestTemplate rest;

    private final List<String> aliceApplications = new ArrayList<>();
    private String bobApplication;
    private Instant beforeBob;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dataDirectory.resolve("events"));
        registry.add("spring.jpa.hibernate.ddl-auto", () -> "update");
        registry.add("slipway.work-directory", () -> dataDirectory.resolve("work").toString());
        registry.add("server.address", () -> "127.0.0.1");
    }

    @BeforeAll
    void createApplications() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            aliceApplications.add(createApplication("alice"));
        }
        Thread.sleep(5);
        beforeBob = Instant.now();
        bobApplication = createApplication("bob");
        ResponseEntity<Map<String, Object>> variable = exchange("bob", HttpMethod.PUT, "/api/applications/"
                + bobApplication + "/environment/DATABASE_PASSWORD", Map.of("value", VARIABLE_VALUE));
        assertThat(variable.getStatusCode().is2xxSuccessful()).as("environment variable set: %s", variable).isTrue();
        ResponseEntity<Map<String, Object>> secret = exchange("bob", HttpMethod.PUT, "/api/applications/"
                + bobApplication + "/secrets/API_KEY", Map.of("value", SECRET_VALUE));
        assertThat(secret.getStatusCode().is2xxSuccessful()).as("secret set: %s", secret).isTrue();
    }

    @Test
    void searchByActorReturnsOnlyTheirEntries() {
        List<Map<String, Object>> entries = entries(search("actor=user:bob&first=100"));

        assertThat(entries).hasSize(3);
        assertThat(entries).allSatisfy(entry -> assertThat(entry.get("actor")).isEqualTo("user:bob"));
        assertThat(entries).allSatisfy(entry -> assertThat(entry.get("resourceId")).isEqualTo(bobApplication));
    }

    @Test
    void searchPagesFollowCursorsWithoutOverlap() {
        Map<String, Object> firstPage = search("eventType=ApplicationCreatedEvent&first=4");
        Map<String, Object> secondPage = search("eventType=ApplicationCreatedEvent&first=4&after="
                + firstPage.get("endCursor"));

        assertThat(entries(firstPage)).hasSize(4);
        assertThat(firstPage.get("hasNextPage")).isEqualTo(true);
        assertThat(entries(secondPage)).hasSize(2);
        assertThat(secondPage.get("hasNextPage")).isEqualTo(false);
        List<Object> resources = new ArrayList<>();
        entries(firstPage).forEach(entry -> resources.add(entry.get("resourceId")));
        entries(secondPage).forEach(entry -> resources.add(entry.get("resourceId")));
        assertThat(resources).first().isEqualTo(bobApplication);
        assertThat(resources).doesNotHaveDuplicates().containsAll(aliceApplications);
    }

    @Test
    void searchByTimeRangeStartsAtFrom() {
        List<Map<String, Object>> entries = entries(search("from=" + beforeBob + "&first=100"));

        assertThat(entries).extracting(entry -> entry.get("actor")).containsOnly("user:bob");
        assertThat(entries).hasSize(3);
    }

    @Test
    void searchWithForgedCursorIsRejectedNamingField() {
        ResponseEntity<Map<String, Object>> response = exchange("alice", HttpMethod.GET,
                "/api/audit-events/search?after=bm8tc3VjaC1ldmVudA", null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().get("field")).isEqualTo("after");
    }

    @Test
    void graphQlConnectionPagesLikeRest() {
        String query = "query($after: String) { auditEventConnection(filter: {actor: \"user:alice\"}, first: 3,"
                + " after: $after) { edges { cursor node { resourceId actor eventType } }"
                + " pageInfo { hasNextPage endCursor } } }";
        Map<String, Object> first = connection(query, null);
        Map<String, Object> second = connection(query, pageInfo(first).get("endCursor"));

        assertThat(edges(first)).hasSize(3);
        assertThat(pageInfo(first).get("hasNextPage")).isEqualTo(true);
        assertThat(edges(second)).hasSize(2);
        assertThat(pageInfo(second).get("hasNextPage")).isEqualTo(false);
        assertThat(edges(second).get(1).get("cursor")).isEqualTo(pageInfo(second).get("endCursor"));
    }

    @Test
    void exportStreamsJsonLinesWithoutSecretValues() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Slipway-User", "alice");
        ResponseEntity<String> export = rest.exchange("/api/audit-events/export", HttpMethod.GET,
                new HttpEntity<>(headers), String.class);

        assertThat(export.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(export.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_NDJSON);
        String[] lines = export.getBody().split("\n");
        assertThat(lines).hasSize(entries(search("first=1000")).size());
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            assertThat(json.readTree(line).has("eventId")).isTrue();
        }
        assertThat(export.getBody()).contains("EnvironmentVariableSetEvent").doesNotContain(VARIABLE_VALUE);
        assertThat(export.getBody()).contains("SecretSetEvent").doesNotContain(SECRET_VALUE);
    }

    private String createApplication(String user) {
        ResponseEntity<Map<String, Object>> created = exchange(user, HttpMethod.POST, "/api/applications", Map.of(
                "name", "web-" + UUID.randomUUID().toString().substring(0, 8),
                "repositoryUrl", "https://git.example.test/org/web.git", "ref", "main", "containerPort", 8080));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return (String) created.getBody().get("id");
    }

    private Map<String, Object> search(String parameters) {
        ResponseEntity<Map<String, Object>> response = exchange("alice", HttpMethod.GET,
                "/api/audit-events/search?" + parameters, null);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("entries")).stream()
                .map(edge -> (Map<String, Object>) edge.get("entry"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> connection(String query, Object after) {
        Map<String, Object> variables = new java.util.HashMap<>();
        variables.put("after", after);
        Map<String, Object> response = exchange("alice", HttpMethod.POST, "/graphql",
                Map.of("query", query, "variables", variables)).getBody();
        assertThat(response).doesNotContainKey("errors");
        return (Map<String, Object>) ((Map<String, Object>) response.get("data")).get("auditEventConnection");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> edges(Map<String, Object> connection) {
        return (List<Map<String, Object>>) connection.get("edges");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pageInfo(Map<String, Object> connection) {
        return (Map<String, Object>) connection.get("pageInfo");
    }

    private ResponseEntity<Map<String, Object>> exchange(String user, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Slipway-User", user);
        return rest.exchange(path, method, new HttpEntity<>(body, headers), JSON);
    }
}
