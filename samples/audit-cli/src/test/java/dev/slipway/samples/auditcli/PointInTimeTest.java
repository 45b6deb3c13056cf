package dev.slipway.samples.auditcli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.RecordReleaseCommand;
import dev.slipway.core.application.Release;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.spec.CommitSha;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
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
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Reads an application's past state after a series of changes to its environment, build arguments and secrets, and
 * releases. Releases are recorded with the command the deployment saga sends when a deployment succeeds, so no
 * container is built here.
 */
@SpringBootTest(classes = AuditServer.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(Lifecycle.PER_CLASS)
class PointInTimeTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final Path dataDirectory = Path.of("target", "audit-" + UUID.randomUUID()).toAbsolutePath();
    private static final String FIRST_COMMIT = "1111111111111111111111111111111111111111";
    private static final String SECOND_COMMIT = "2222222222222222222222222222222222222222";
    private static final String SECRET_VALUE = "api-key-" + UUID.randomUUID();
    private static final String GIT_TOKEN = "git-token-" + UUID.randomUUID();

    @Autowired
    private TestRestTemplate rest;
    @Autowired
    private CommandGateway commands;
    @Autowired
    private DataSource dataSource;

    private String applicationId;
    private long created;
    private long firstRelease;
    private Instant afterFirstRelease;
    private long secondRelease;
    private long removed;
    private long secretRemoved;
    private long credentialSet;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dataDirectory.resolve("events"));
        registry.add("spring.jpa.hibernate.ddl-auto", () -> "update");
        registry.add("slipway.work-directory", () -> dataDirectory.resolve("work").toString());
        registry.add("server.address", () -> "127.0.0.1");
    }

    @BeforeAll
    void changeConfigurationAndRelease() throws InterruptedException {
        ResponseEntity<Map<String, Object>> response = exchange(HttpMethod.POST, "/api/applications", Map.of(
                "name", "web-" + UUID.randomUUID().toString().substring(0, 8),
                "repositoryUrl", "https://git.example.test/org/web.git", "ref", "main", "containerPort", 8080));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        applicationId = (String) response.getBody().get("id");
        created = lastPosition();
        setVariable("LOG_LEVEL", "debug");
        setConfiguration("secrets/API_KEY", SECRET_VALUE);
        setConfiguration("build-arguments/JAVA_VERSION", "17");
        recordRelease(FIRST_COMMIT, "container-one");
        firstRelease = lastPosition();
        Thread.sleep(5);
        afterFirstRelease = Instant.now();
        Thread.sleep(5);
        setVariable("LOG_LEVEL", "info");
        setVariable("FEATURE_X", "on");
        recordRelease(SECOND_COMMIT, "container-two");
        secondRelease = lastPosition();
        ResponseEntity<Map<String, Object>> removal = exchange(HttpMethod.DELETE, "/api/applications/"
                + applicationId + "/environment/FEATURE_X", null);
        assertThat(removal.getStatusCode().is2xxSuccessful()).isTrue();
        removed = lastPosition();
        ResponseEntity<Map<String, Object>> secretRemoval = exchange(HttpMethod.DELETE, "/api/applications/"
                + applicationId + "/secrets/API_KEY", null);
        assertThat(secretRemoval.getStatusCode().is2xxSuccessful()).as("remove secret: %s", secretRemoval).isTrue();
        secretRemoved = lastPosition();
        ResponseEntity<Map<String, Object>> credential = exchange(HttpMethod.PUT, "/api/applications/"
                + applicationId + "/git-credential", Map.of("kind", "HTTPS_TOKEN", "username", "deploy", "token",
                GIT_TOKEN));
        assertThat(credential.getStatusCode().is2xxSuccessful()).as("set Git credential: %s", credential).isTrue();
        ResponseEntity<Map<String, Object>> retention = exchange(HttpMethod.PUT, "/api/applications/"
                + applicationId + "/image-retention", Map.of("keptImages", 5));
        assertThat(retention.getStatusCode().is2xxSuccessful()).as("set image retention: %s", retention).isTrue();
        credentialSet = lastPosition();
    }

    @Test
    void stateAtCreationHasNoConfigurationOrRelease() {
        Map<String, Object> state = stateAt("position=" + created);

        assertThat(state.get("environment")).isEqualTo(Map.of());
        assertThat(state.get("buildArguments")).isEqualTo(Map.of());
        assertThat(state.get("secretNames")).isEqualTo(List.of());
        assertThat(state.get("deployedCommit")).isNull();
        assertThat(state.get("containerPort")).isEqualTo(8080);
        assertThat(((Number) state.get("asOfPosition")).longValue()).isEqualTo(created);
    }

    @Test
    void stateAtFirstReleaseHasFirstCommit() {
        Map<String, Object> state = stateAt("position=" + firstRelease);

        assertThat(state.get("environment")).isEqualTo(Map.of("LOG_LEVEL", "debug"));
        assertThat(state.get("buildArguments")).isEqualTo(Map.of("JAVA_VERSION", "17"));
        assertThat(state.get("secretNames")).isEqualTo(List.of("API_KEY"));
        assertThat(state.get("deployedCommit")).isEqualTo(FIRST_COMMIT);
        assertThat(state.get("containerId")).isEqualTo("container-one");
    }

    @Test
    void stateAtTimestampMatchesStateAtPosition() {
        assertThat(stateAt("time=" + afterFirstRelease)).isEqualTo(stateAt("position=" + firstRelease));
    }

    @Test
    void stateAtSecondReleaseHasLaterChanges() {
        Map<String, Object> state = stateAt("position=" + secondRelease);

        assertThat(state.get("environment")).isEqualTo(Map.of("LOG_LEVEL", "info", "FEATURE_X", "on"));
        assertThat(state.get("deployedCommit")).isEqualTo(SECOND_COMMIT);
        assertThat(state.get("containerId")).isEqualTo("container-two");
    }

    @Test
    void stateAfterRemovalLacksRemovedVariable() {
        Map<String, Object> state = stateAt("position=" + removed);

        assertThat(state.get("environment")).isEqualTo(Map.of("LOG_LEVEL", "info"));
        assertThat(state.get("secretNames")).isEqualTo(List.of("API_KEY"));
        assertThat(state.get("deployedCommit")).isEqualTo(SECOND_COMMIT);
    }

    @Test
    void stateAfterSecretRemovalLacksItsName() {
        Map<String, Object> state = stateAt("position=" + secretRemoved);

        assertThat(state.get("secretNames")).isEqualTo(List.of());
        assertThat(state.get("buildArguments")).isEqualTo(Map.of("JAVA_VERSION", "17"));
        assertThat(state.get("containerId")).isEqualTo("container-two");
    }

    @Test
    void stateAfterCredentialShowsItsKindAndRetention() {
        Map<String, Object> before = stateAt("position=" + secretRemoved);
        Map<String, Object> after = stateAt("position=" + credentialSet);

        assertThat(before.get("gitCredential")).isNull();
        assertThat(before.get("keptImages")).isNull();
        assertThat(after.get("gitCredential")).isEqualTo("HTTPS_TOKEN");
        assertThat(after.get("keptImages")).isEqualTo(5);
        assertThat(after.get("deleted")).isEqualTo(false);
    }

    @Test
    void statesNeverContainSecretValue() {
        for (long position : List.of(created, firstRelease, secondRelease, removed, secretRemoved, credentialSet)) {
            String state = stateAt("position=" + position).toString();
            assertThat(state).as("state at %d", position).doesNotContain(SECRET_VALUE);
            assertThat(state).as("state at %d", position).doesNotContain(GIT_TOKEN);
        }
    }

    @Test
    void deletedApplicationKeepsItsPast() {
        ResponseEntity<Map<String, Object>> response = exchange(HttpMethod.POST, "/api/applications", Map.of(
                "name", "gone-" + UUID.randomUUID().toString().substring(0, 8),
                "repositoryUrl", "https://git.example.test/org/gone.git", "ref", "main", "containerPort", 8080));
        String deletedId = (String) response.getBody().get("id");
        ResponseEntity<Map<String, Object>> variable = exchange(HttpMethod.PUT, "/api/applications/" + deletedId
                + "/environment/REGION", Map.of("value", "eu"));
        assertThat(variable.getStatusCode().is2xxSuccessful()).as("set variable: %s", variable).isTrue();
        long beforeDeletion = lastPosition();
        ResponseEntity<Map<String, Object>> deletion = exchange(HttpMethod.DELETE, "/api/applications/" + deletedId,
                null);
        assertThat(deletion.getStatusCode().is2xxSuccessful()).as("delete: %s", deletion).isTrue();

        Map<String, Object> before = exchange(HttpMethod.GET, "/api/applications/" + deletedId + "/state-at?position="
                + beforeDeletion, null).getBody();
        Map<String, Object> after = exchange(HttpMethod.GET, "/api/applications/" + deletedId + "/state-at?position="
                + lastPosition(), null).getBody();

        assertThat(before.get("environment")).isEqualTo(Map.of("REGION", "eu"));
        assertThat(before.get("deleted")).isEqualTo(false);
        assertThat(after.get("deleted")).isEqualTo(true);
    }

    @Test
    void stateBeforeCreationIsNotFound() {
        ResponseEntity<Map<String, Object>> response = exchange(HttpMethod.GET, "/api/applications/" + applicationId
                + "/state-at?position=" + (created - 1), null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void stateWithTimeAndPositionIsRejected() {
        ResponseEntity<Map<String, Object>> response = exchange(HttpMethod.GET, "/api/applications/" + applicationId
                + "/state-at?position=1&time=2026-01-01T00:00:00Z", null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private Map<String, Object> stateAt(String parameters) {
        ResponseEntity<Map<String, Object>> response = exchange(HttpMethod.GET, "/api/applications/" + applicationId
                + "/state-at?" + parameters, null);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private void setVariable(String name, String value) {
        setConfiguration("environment/" + name, value);
    }

    /** Sets a value under the application's configuration routes, such as {@code secrets/API_KEY}. */
    private void setConfiguration(String path, String value) {
        ResponseEntity<Map<String, Object>> response = exchange(HttpMethod.PUT, "/api/applications/" + applicationId
                + "/" + path, Map.of("value", value));
        assertThat(response.getStatusCode().is2xxSuccessful()).as("set %s: %s", path, response).isTrue();
    }

    private void recordRelease(String commit, String containerId) {
        DeploymentId deployment = DeploymentId.random();
        commands.sendAndWait(asCommandMessage(new RecordReleaseCommand(ApplicationId.of(applicationId),
                new Release(deployment, new CommitSha(commit), "sha256:image", containerId, "web-" + containerId,
                        "http://127.0.0.1:40000"))).andMetaData(RequestContext.engine().toMetaData()));
    }

    private long lastPosition() {
        return new JdbcTemplate(dataSource).queryForObject("SELECT MAX(global_index) FROM domain_event_entry",
                Long.class);
    }

    private ResponseEntity<Map<String, Object>> exchange(HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Slipway-User", "alice");
        return rest.exchange(path, method, new HttpEntity<>(body, headers), JSON);
    }
}
