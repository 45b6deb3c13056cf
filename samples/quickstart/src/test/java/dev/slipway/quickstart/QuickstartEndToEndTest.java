package dev.slipway.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import dev.slipway.core.runtime.EngineLabels;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The quickstart server against the real Docker engine and real Git repositories: deploy the sample application
 * over REST, deploy a second commit, break the build, and read it all back over REST and GraphQL. The tests run in
 * order because each builds on the release the previous one left serving.
 */
@SpringBootTest(classes = QuickstartApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class QuickstartEndToEndTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
            new ParameterizedTypeReference<>() {
            };

    private static final Path dataDirectory = Path.of("target", "e2e-" + UUID.randomUUID()).toAbsolutePath();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String applicationName = "hello-" + UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    private TestRestTemplate rest;

    private DockerClient docker;
    private Path bareRepository;
    private String applicationId;
    private Map<String, Object> firstDeployment;
    private Map<String, Object> secondDeployment;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("slipway.data-directory", () -> dataDirectory.toString());
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dataDirectory.resolve("events"));
        registry.add("slipway.work-directory", () -> dataDirectory.resolve("work").toString());
        registry.add("slipway.source.allow-local", () -> "true");
        // Development mode: the X-Slipway-User header names the caller; QuickstartLoginTest covers tokens.
        registry.add("slipway.security.mode", () -> "header");
        // Reads without the header run as user:anonymous, so every caller shares one team, as in the demo profile.
        registry.add("slipway.access.default-team", () -> "shared");
        registry.add("slipway.access.default-team-role", () -> "admin");
    }

    @BeforeAll
    void createRepository() throws Exception {
        Files.createDirectories(dataDirectory);
        docker = DockerCheck.connect();
        bareRepository = dataDirectory.resolve("hello.git");
        assertThat(SampleRepository.createIfMissing(Path.of("..", "hello-app"), bareRepository)).isTrue();
    }

    @AfterAll
    void removeDockerObjects() {
        if (docker == null || applicationId == null) {
            return;
        }
        String label = EngineLabels.APPLICATION + "=" + applicationId;
        List<Container> containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label))
                .exec();
        for (Container container : containers) {
            docker.removeContainerCmd(container.getId()).withForce(true).exec();
        }
        for (Image image : docker.listImagesCmd().withLabelFilter(label).exec()) {
            docker.removeImageCmd(image.getId()).withForce(true).exec();
        }
        // Other applications may share an image, so only the tags that name this application go.
        for (Image image : docker.listImagesCmd().withReferenceFilter("slipway/" + applicationId).exec()) {
            for (String tag : image.getRepoTags()) {
                if (tag.startsWith("slipway/" + applicationId + ":")) {
                    docker.removeImageCmd(tag).withForce(true).exec();
                }
            }
        }
        for (Network network : docker.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
            docker.removeNetworkCmd(network.getId()).exec();
        }
    }

    @Test
    @Order(1)
    void firstDeploymentServesSamplePage() throws Exception {
        ResponseEntity<Map<String, Object>> created = post("/api/applications", Map.of("name", applicationName,
                "repositoryUrl", fileUrl(bareRepository), "ref", "main", "containerPort", 8080,
                "healthCheckPath", "/health"));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        applicationId = (String) created.getBody().get("id");

        firstDeployment = deployAndAwait(null);

        assertThat(firstDeployment.get("status")).isEqualTo("SUCCEEDED");
        assertThat(firstDeployment.get("requestedBy")).isEqualTo("user:alice");
        assertThat((String) firstDeployment.get("url")).startsWith("http://127.0.0.1:");
        assertThat(get(firstDeployment)).contains("Hello from Slipway");
        assertThat(stepNames(firstDeployment)).containsExactly("RESOLVE_COMMIT", "CHECK_OUT", "BUILD_IMAGE",
                "START_CONTAINER", "HEALTH_CHECK");
    }

    @Test
    @Order(2)
    void secondCommitReplacesFirstContainer() throws Exception {
        String secondCommit = commit("www/index.html", "<html><body>Hello again from Slipway</body></html>\n");

        secondDeployment = deployAndAwait(null);

        assertThat(secondDeployment.get("status")).isEqualTo("SUCCEEDED");
        assertThat(secondDeployment.get("commit")).isEqualTo(secondCommit);
        assertThat(get(secondDeployment)).contains("Hello again from Slipway");
        assertThat(stepNames(secondDeployment)).endsWith("HEALTH_CHECK", "STOP_PREVIOUS");
        assertThat(containerExists((String) firstDeployment.get("containerId"))).isFalse();
        // The application records its new release in a command of its own right after the deployment succeeds.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rest.exchange("/api/applications/"
                + applicationId, HttpMethod.GET, null, JSON).getBody().get("currentDeploymentId"))
                .isEqualTo(secondDeployment.get("id")));
    }

    @Test
    @Order(3)
    void failingBuildKeepsPreviousReleaseAndLeavesNothingBehind() throws Exception {
        String dockerfile = Files.readString(Path.of("..", "hello-app", "Dockerfile"))
                .replace("COPY www/ /www/", "RUN echo 'compile error: missing semicolon at line 7' >&2 && false");
        commit("Dockerfile", dockerfile);

        Map<String, Object> failed = deployAndAwait(null);

        assertThat(failed.get("status")).isEqualTo("FAILED");
        assertThat(failed.get("failedStep")).isEqualTo("BUILD_IMAGE");
        assertThat((String) failed.get("reason")).contains("compile error: missing semicolon at line 7");
        assertThat(get(secondDeployment)).contains("Hello again from Slipway");
        assertNothingLeftBy((String) failed.get("id"));
    }

    @Test
    @Order(4)
    void graphQlReturnsDeploymentsWithStepsAndCommits() {
        Map<String, Object> response = graphQl("query($id: ID) { deployments(applicationId: $id) { id status commit"
                + " requestedBy steps { step succeeded detail } } }", Map.of("id", applicationId));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deployments = (List<Map<String, Object>>) ((Map<String, Object>) response
                .get("data")).get("deployments");
        assertThat(deployments).hasSize(3);
        Map<String, Object> first = deployments.get(2);
        assertThat(first.get("id")).isEqualTo(firstDeployment.get("id"));
        assertThat(first.get("commit")).isEqualTo(firstDeployment.get("commit"));
        assertThat(first.get("status")).isEqualTo("SUCCEEDED");
        assertThat((List<?>) first.get("steps")).hasSize(5);
        assertThat(deployments.get(1).get("commit")).isEqualTo(secondDeployment.get("commit"));
        assertThat(deployments).allSatisfy(d -> assertThat(d.get("requestedBy")).isEqualTo("user:alice"));
    }

    @Test
    @Order(5)
    void auditListShowsWhoRequestedEachDeployment() {
        for (Map<String, Object> deployment : List.of(firstDeployment, secondDeployment)) {
            List<Map<String, Object>> entries = rest.exchange("/api/audit-events?resourceId=" + deployment.get("id"),
                    HttpMethod.GET, null, JSON_LIST).getBody();

            assertThat(entries).extracting(entry -> entry.get("eventType")).contains("DeploymentRequestedEvent",
                    "DeploymentSucceededEvent");
            assertThat(entries).allSatisfy(entry -> assertThat(entry.get("actor")).isEqualTo("user:alice"));
        }
    }

    @Test
    @Order(6)
    void replayRebuildsReadModelsEqualToLiveOnes() {
        List<Map<String, Object>> applications = rest.exchange("/api/applications", HttpMethod.GET, null, JSON_LIST)
                .getBody();
        List<Map<String, Object>> deployments = rest.exchange("/api/applications/" + applicationId + "/deployments",
                HttpMethod.GET, null, JSON_LIST).getBody();
        List<Map<String, Object>> audit = rest.exchange("/api/audit-events?limit=1000", HttpMethod.GET, null,
                JSON_LIST).getBody();

        ResponseEntity<Map<String, Object>> replay = post("/api/read-models/replay", Map.of());

        assertThat(replay.getStatusCode().is2xxSuccessful()).isTrue();
        assertThat(rest.exchange("/api/applications", HttpMethod.GET, null, JSON_LIST).getBody())
                .isEqualTo(applications);
        assertThat(rest.exchange("/api/applications/" + applicationId + "/deployments", HttpMethod.GET, null,
                JSON_LIST).getBody()).isEqualTo(deployments);
        assertThat(rest.exchange("/api/audit-events?limit=1000", HttpMethod.GET, null, JSON_LIST).getBody())
                .isEqualTo(audit);
    }

    @Test
    @Order(7)
    void unknownApplicationIsNotFound() {
        ResponseEntity<Map<String, Object>> response = post("/api/applications/" + UUID.randomUUID() + "/deployments",
                Map.of());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getBody().toString()).doesNotContain("Exception").doesNotContain("at dev.slipway");
    }

    @Test
    @Order(8)
    void emptyRepositoryUrlIsRejectedNamingField() {
        ResponseEntity<Map<String, Object>> response = post("/api/applications", Map.of("name", "empty-url",
                "repositoryUrl", "", "ref", "main", "containerPort", 8080));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().get("field")).isEqualTo("repositoryUrl");
    }

    @Test
    @Order(9)
    void unreachableRepositoryFailsNamingUrl() throws Exception {
        String url = fileUrl(dataDirectory.resolve("no-such-repository.git"));
        Map<String, Object> failed = createAndDeploy("unreachable", url, "main", null);

        assertThat(failed.get("failedStep")).isEqualTo("RESOLVE_COMMIT");
        assertThat((String) failed.get("reason")).contains(url);
        assertNothingLeftBy((String) failed.get("id"));
    }

    @Test
    @Order(10)
    void missingRefFailsNamingRef() throws Exception {
        Map<String, Object> failed = createAndDeploy("missing-ref", fileUrl(bareRepository), "no-such-branch", null);

        assertThat(failed.get("failedStep")).isEqualTo("RESOLVE_COMMIT");
        assertThat((String) failed.get("reason")).contains("no-such-branch");
        assertNothingLeftBy((String) failed.get("id"));
    }

    @Test
    @Order(11)
    void missingDockerfileFailsNamingPath() throws Exception {
        Map<String, Object> failed = createAndDeploy("missing-dockerfile", fileUrl(bareRepository), "main",
                "docker/Dockerfile.prod");

        assertThat(failed.get("failedStep")).isEqualTo("BUILD_IMAGE");
        assertThat((String) failed.get("reason")).contains("docker/Dockerfile.prod");
        assertNothingLeftBy((String) failed.get("id"));
    }

    private Map<String, Object> createAndDeploy(String prefix, String url, String ref, String dockerfile)
            throws InterruptedException {
        Map<String, Object> body = new HashMap<>(Map.of("name", prefix + "-" + applicationName, "repositoryUrl", url,
                "ref", ref, "containerPort", 8080));
        if (dockerfile != null) {
            body.put("dockerfile", dockerfile);
        }
        ResponseEntity<Map<String, Object>> created = post("/api/applications", body);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String otherApplication = (String) created.getBody().get("id");
        Map<String, Object> deployment = deployAndAwait(otherApplication);
        assertThat(deployment.get("status")).isEqualTo("FAILED");
        String label = EngineLabels.APPLICATION + "=" + otherApplication;
        assertThat(docker.listNetworksCmd().withFilter("label", List.of(label)).exec()).isEmpty();
        return deployment;
    }

    private Map<String, Object> deployAndAwait(String application) {
        String target = application == null ? applicationId : application;
        ResponseEntity<Map<String, Object>> requested = post("/api/applications/" + target + "/deployments", Map.of());
        assertThat(requested.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String id = (String) requested.getBody().get("id");
        Map<String, Object>[] latest = new Map[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
            latest[0] = rest.exchange("/api/deployments/" + id, HttpMethod.GET, null, JSON).getBody();
            return List.of("SUCCEEDED", "FAILED").contains(latest[0].get("status"));
        });
        return latest[0];
    }

    private void assertNothingLeftBy(String deploymentId) {
        String label = EngineLabels.DEPLOYMENT + "=" + deploymentId;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()).isEmpty();
            assertThat(docker.listImagesCmd().withLabelFilter(label).exec()).isEmpty();
            assertThat(docker.listImagesCmd().withReferenceFilter("slipway/*:" + deploymentId).exec()).isEmpty();
        });
        assertThat(dataDirectory.resolve("work").resolve(deploymentId)).doesNotExist();
    }

    private ResponseEntity<Map<String, Object>> post(String path, Map<String, Object> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Slipway-User", "alice");
        return rest.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JSON);
    }

    private Map<String, Object> graphQl(String query, Map<String, Object> variables) {
        return post("/graphql", Map.of("query", query, "variables", variables)).getBody();
    }

    private String get(Map<String, Object> deployment) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(deployment.get("url") + "/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private boolean containerExists(String containerId) {
        try {
            docker.inspectContainerCmd(containerId).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> stepNames(Map<String, Object> deployment) {
        return ((List<Map<String, Object>>) deployment.get("steps")).stream()
                .map(step -> (String) step.get("step"))
                .toList();
    }

    /** Commits one file on main of the sample repository and returns the new commit's SHA. */
    private String commit(String path, String content) throws Exception {
        Path clone = Files.createTempDirectory(dataDirectory, "clone");
        try (Git git = Git.cloneRepository().setURI(bareRepository.toUri().toString()).setDirectory(clone.toFile())
                .call()) {
            Files.writeString(clone.resolve(path), content);
            git.add().addFilepattern(path).call();
            PersonIdent author = new PersonIdent("Test", "test@slipway.invalid");
            String sha = git.commit().setMessage("Change " + path).setAuthor(author).setCommitter(author).call()
                    .getName();
            git.push().call();
            return sha;
        }
    }

    private static String fileUrl(Path path) {
        return "file://" + path.toAbsolutePath().normalize();
    }
}
