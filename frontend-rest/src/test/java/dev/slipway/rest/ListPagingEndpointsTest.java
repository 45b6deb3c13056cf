package dev.slipway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Paging of {@code GET /api/applications} and {@code GET /api/applications/{id}/deployments} with {@code first},
 * {@code after} and the {@code Link} header, for applications of a team that only its owner may see.
 */
@SpringBootTest(classes = RestTestApplication.class)
@AutoConfigureMockMvc
class ListPagingEndpointsTest {

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    private RestApi api;
    private final String owner = "pager-" + UUID.randomUUID().toString().substring(0, 8);
    private final String outsider = "outsider-" + UUID.randomUUID().toString().substring(0, 8);
    private String teamId;
    private final List<String> requestedDeployments = new ArrayList<>();

    @BeforeEach
    void createTeam() throws Exception {
        api = new RestApi(mvc, json);
        MockHttpServletResponse created = api.postJson("/api/teams",
                Map.of("name", "pages " + UUID.randomUUID().toString().substring(0, 8)), "X-Slipway-User", owner);
        assertThat(created.getStatus()).isEqualTo(201);
        teamId = api.read(created).path("id").asText();
    }

    /** Waits until the deployments of a test ended, so that they do not run on into the next test. */
    @AfterEach
    void awaitDeploymentsEnd() {
        for (String deploymentId : requestedDeployments) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.read(api.get("/api/deployments/" + deploymentId, "X-Slipway-User", owner))
                            .path("finishedAt").isTextual());
        }
    }

    @Test
    void applicationPagesCoverEachOnceInOrder() throws Exception {
        List<String> teamApplications = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            teamApplications.add(createApplication());
        }

        List<MockHttpServletResponse> pages = followPages("/api/applications?first=2", owner);

        List<JsonNode> listed = new ArrayList<>();
        for (MockHttpServletResponse page : pages) {
            assertThat(page.getStatus()).isEqualTo(200);
            JsonNode array = api.read(page);
            assertThat(array.isArray()).isTrue();
            assertThat(array.size()).isBetween(1, 2);
            array.forEach(listed::add);
        }
        List<String> ids = listed.stream().map(node -> node.path("id").asText()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids).containsAll(teamApplications);
        assertThat(listed).isSortedAccordingTo(NEWEST_FIRST_BY_CREATION);
        assertThat(pages.get(pages.size() - 1).getHeader("Link")).isNull();
    }

    @Test
    void nextLinkKeepsPageSize() throws Exception {
        createApplication();
        createApplication();

        MockHttpServletResponse first = api.get("/api/applications?first=1", "X-Slipway-User", owner);

        String link = first.getHeader("Link");
        assertThat(link).matches("</api/applications\\?first=1&after=[A-Za-z0-9_-]+>; rel=\"next\"");
        assertThat(api.read(first).size()).isEqualTo(1);
    }

    @Test
    void newDeploymentKeepsPagesStable() throws Exception {
        String applicationId = createApplication();
        for (int i = 0; i < 5; i++) {
            requestDeployment(applicationId);
        }
        String path = "/api/applications/" + applicationId + "/deployments";
        List<String> before = ids(api.read(api.get(path + "?first=1000", "X-Slipway-User", owner)));

        MockHttpServletResponse first = api.get(path + "?first=2", "X-Slipway-User", owner);
        // Entries of one millisecond are ordered by id, so a pause makes the added deployment the newest.
        Thread.sleep(5);
        String added = requestDeployment(applicationId);
        MockHttpServletResponse second = api.get(nextLink(first), "X-Slipway-User", owner);
        MockHttpServletResponse third = api.get(nextLink(second), "X-Slipway-User", owner);

        List<String> paged = new ArrayList<>();
        for (MockHttpServletResponse page : List.of(first, second, third)) {
            assertThat(page.getStatus()).isEqualTo(200);
            paged.addAll(ids(api.read(page)));
        }
        assertThat(before).hasSize(5);
        assertThat(paged).containsExactlyElementsOf(before);
        assertThat(paged).doesNotContain(added);
        assertThat(third.getHeader("Link")).isNull();
        assertThat(ids(api.read(api.get(path + "?first=1", "X-Slipway-User", owner)))).containsExactly(added);
    }

    @Test
    void outsiderPageHasNoTeamEntries() throws Exception {
        String applicationId = createApplication();
        List<String> teamApplications = List.of(applicationId, createApplication());
        requestDeployment(applicationId);
        MockHttpServletResponse ofOwner = api.get("/api/applications?first=1", "X-Slipway-User", owner);

        List<String> ofOutsider = new ArrayList<>();
        for (MockHttpServletResponse page : followPages("/api/applications?first=1000", outsider)) {
            ofOutsider.addAll(ids(api.read(page)));
        }
        MockHttpServletResponse ofOutsiderAfterCursor = api.get(nextLink(ofOwner), "X-Slipway-User", outsider);
        MockHttpServletResponse deployments = api.get("/api/applications/" + applicationId + "/deployments",
                "X-Slipway-User", outsider);
        MockHttpServletResponse unknown = api.get("/api/applications/" + UUID.randomUUID() + "/deployments",
                "X-Slipway-User", outsider);

        assertThat(ofOutsider).doesNotContainAnyElementsOf(teamApplications);
        assertThat(ofOutsiderAfterCursor.getStatus()).isEqualTo(200);
        assertThat(ids(api.read(ofOutsiderAfterCursor))).doesNotContainAnyElementsOf(teamApplications);
        assertThat(deployments.getStatus()).isEqualTo(404);
        assertThat(api.read(deployments).get("detail").asText())
                .isEqualTo(api.read(unknown).get("detail").asText().replaceAll("[0-9a-f-]{36}", applicationId));
    }

    @Test
    void pageSizeOutOfRangeNamesFirst() throws Exception {
        String applicationId = createApplication();
        for (String path : List.of("/api/applications", "/api/applications/" + applicationId + "/deployments")) {
            for (String first : List.of("0", "1001", "-1", "ten", "2.5", "+5", "\uff15")) {
                MockHttpServletResponse response = api.get(path + "?first=" + first, "X-Slipway-User", owner);

                assertThat(response.getStatus()).as("%s?first=%s", path, first).isEqualTo(400);
                JsonNode problem = api.read(response);
                assertThat(problem.get("field").asText()).isEqualTo("first");
                assertThat(problem.get("rule").asText()).isEqualTo("must be a whole number from 1 to 1000");
            }
        }
    }

    @Test
    void malformedCursorNamesAfter() throws Exception {
        String applicationId = createApplication();
        requestDeployment(applicationId);
        requestDeployment(applicationId);
        String deployments = "/api/applications/" + applicationId + "/deployments";
        String deploymentNext = nextLink(api.get(deployments + "?first=1", "X-Slipway-User", owner));
        String deploymentCursor = deploymentNext.substring(deploymentNext.indexOf("after=") + "after=".length());

        List<String> paths = List.of("/api/applications?after=not-a-cursor", "/api/applications?after=***",
                deployments + "?after=bm8tc2VwYXJhdG9y", "/api/applications?after=" + deploymentCursor);
        for (String path : paths) {
            MockHttpServletResponse response = api.get(path, "X-Slipway-User", owner);

            assertThat(response.getStatus()).as(path).isEqualTo(400);
            JsonNode problem = api.read(response);
            assertThat(problem.get("field").asText()).isEqualTo("after");
            assertThat(problem.get("rule").asText()).isEqualTo("must be a cursor returned by an earlier page");
        }
    }

    @Test
    void unknownListParameterIsRejected() throws Exception {
        MockHttpServletResponse response = api.get("/api/applications?limit=2", "X-Slipway-User", owner);

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode problem = api.read(response);
        assertThat(problem.get("field").asText()).isEqualTo("limit");
        assertThat(problem.get("rule").asText()).contains("after").contains("first");
    }

    private static final Comparator<JsonNode> NEWEST_FIRST_BY_CREATION = Comparator
            .comparing((JsonNode node) -> Instant.parse(node.path("createdAt").asText()))
            .thenComparing(node -> node.path("id").asText())
            .reversed();

    /** Reads a list route's first page and every page its {@code Link} headers lead to. */
    private List<MockHttpServletResponse> followPages(String path, String user) throws Exception {
        List<MockHttpServletResponse> pages = new ArrayList<>();
        MockHttpServletResponse page = api.get(path, "X-Slipway-User", user);
        pages.add(page);
        while (page.getHeader("Link") != null) {
            page = api.get(nextLink(page), "X-Slipway-User", user);
            pages.add(page);
        }
        return pages;
    }

    private static String nextLink(MockHttpServletResponse page) {
        String link = page.getHeader("Link");
        assertThat(link).as("Link header").isNotNull();
        Matcher matcher = NEXT_LINK.matcher(link);
        assertThat(matcher.matches()).as("Link header %s", link).isTrue();
        return matcher.group(1);
    }

    private String createApplication() throws Exception {
        Map<String, Object> body = new HashMap<>(RestApi.applicationBody(RestApi.uniqueName(),
                "file:///tmp/slipway-missing-" + UUID.randomUUID()));
        body.put("teamId", teamId);
        MockHttpServletResponse created = api.postJson("/api/applications", body, "X-Slipway-User", owner);
        assertThat(created.getStatus()).as("creation: %s", created.getContentAsString()).isEqualTo(201);
        return api.read(created).get("id").asText();
    }

    private String requestDeployment(String applicationId) throws Exception {
        MockHttpServletResponse accepted = api.post("/api/applications/" + applicationId + "/deployments",
                "X-Slipway-User", owner);
        assertThat(accepted.getStatus()).isEqualTo(202);
        String deploymentId = api.read(accepted).get("id").asText();
        requestedDeployments.add(deploymentId);
        return deploymentId;
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.path("id").asText()));
        return ids;
    }
}
