package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The applicationConnection and deploymentConnection queries, for applications of a team that only its owner may
 * see. Deployments use a repository that does not exist, so each fails at its first step.
 */
@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class ConnectionGraphQlTest {

    private static final String APPLICATIONS = """
            query P($first: Int, $after: String) {
                applicationConnection(first: $first, after: $after) {
                    edges { cursor node { id teamId } }
                    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                }
            }""";
    private static final String DEPLOYMENTS = """
            query P($id: ID, $first: Int, $after: String) {
                deploymentConnection(applicationId: $id, first: $first, after: $after) {
                    edges { cursor node { id } }
                    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                }
            }""";

    @Autowired
    private HttpGraphQlTester graphQl;

    private final String owner = unique("pager");
    private final String outsider = unique("outsider");
    private String teamId;
    private final List<String> requestedDeployments = new ArrayList<>();

    @BeforeEach
    void createTeam() {
        teamId = as(owner).document("mutation C($name: String!) { createTeam(name: $name) { id } }")
                .variable("name", unique("pages")).execute().path("createTeam.id").entity(String.class).get();
    }

    /** Waits until the deployments of a test ended, so that they do not run on into the next test. */
    @AfterEach
    void awaitDeploymentsEnd() {
        for (String deploymentId : requestedDeployments) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> as(owner).document("query D($id: ID!) { deployment(id: $id) { finishedAt } }")
                            .variable("id", deploymentId).execute()
                            .path("deployment").entity(Map.class).get().get("finishedAt") != null);
        }
    }

    @Test
    void applicationPagesCoverEachOnceInOrder() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createApplication());
        }

        List<GraphQlTester.Response> pages = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        String after = null;
        boolean hasNextPage = true;
        while (hasNextPage) {
            GraphQlTester.Response page = as(owner).document(APPLICATIONS).variable("first", 2)
                    .variable("after", after).execute();
            List<String> cursors = page.path("applicationConnection.edges[*].cursor").entityList(String.class).get();
            assertThat(cursors).hasSizeBetween(1, 2);
            page.path("applicationConnection.pageInfo.startCursor").entity(String.class).isEqualTo(cursors.get(0));
            page.path("applicationConnection.pageInfo.endCursor").entity(String.class)
                    .isEqualTo(cursors.get(cursors.size() - 1));
            page.path("applicationConnection.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(false);
            ids.addAll(page.path("applicationConnection.edges[*].node.id").entityList(String.class).get());
            after = cursors.get(cursors.size() - 1);
            hasNextPage = page.path("applicationConnection.pageInfo.hasNextPage").entity(Boolean.class).get();
            pages.add(page);
        }

        assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids).containsAll(created);
        List<String> unpaged = as(owner).document("{ applications { id } }").execute()
                .path("applications[*].id").entityList(String.class).get();
        assertThat(ids).containsExactlyElementsOf(unpaged);
    }

    @Test
    void newDeploymentKeepsPagesStable() throws InterruptedException {
        String applicationId = createApplication();
        for (int i = 0; i < 5; i++) {
            deploy(applicationId);
        }
        List<String> before = deploymentIds(deployments(applicationId, 1000, null));

        GraphQlTester.Response first = deployments(applicationId, 2, null);
        // Entries of one millisecond are ordered by id, so a pause makes the added deployment the newest.
        Thread.sleep(5);
        String added = deploy(applicationId);
        GraphQlTester.Response second = deployments(applicationId, 2, endCursor(first));
        GraphQlTester.Response third = deployments(applicationId, 2, endCursor(second));

        List<String> paged = new ArrayList<>();
        for (GraphQlTester.Response page : List.of(first, second, third)) {
            paged.addAll(deploymentIds(page));
        }
        assertThat(before).hasSize(5);
        assertThat(paged).containsExactlyElementsOf(before);
        assertThat(paged).doesNotContain(added);
        second.path("deploymentConnection.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        third.path("deploymentConnection.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
        assertThat(deploymentIds(deployments(applicationId, 1, null))).containsExactly(added);
    }

    @Test
    void outsiderPageHasNoTeamEntries() {
        String applicationId = createApplication();
        List<String> teamApplications = List.of(applicationId, createApplication());
        deploy(applicationId);
        String ownerCursor = as(owner).document(APPLICATIONS).variable("first", 1).execute()
                .path("applicationConnection.pageInfo.endCursor").entity(String.class).get();

        List<String> ofOutsider = as(outsider).document(APPLICATIONS).variable("first", 1000).execute()
                .path("applicationConnection.edges[*].node.id").entityList(String.class).get();
        List<String> ofOutsiderAfterCursor = as(outsider).document(APPLICATIONS).variable("first", 1000)
                .variable("after", ownerCursor).execute()
                .path("applicationConnection.edges[*].node.id").entityList(String.class).get();
        List<String> deploymentsOfOutsider = as(outsider).document(DEPLOYMENTS).variable("first", 1000).execute()
                .path("deploymentConnection.edges[*].node.id").entityList(String.class).get();

        assertThat(ofOutsider).doesNotContainAnyElementsOf(teamApplications);
        assertThat(ofOutsiderAfterCursor).doesNotContainAnyElementsOf(teamApplications);
        assertThat(deploymentsOfOutsider).doesNotContainAnyElementsOf(requestedDeployments);
        as(outsider).document(DEPLOYMENTS).variable("id", applicationId).execute().errors().satisfy(errors -> {
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getErrorType().toString()).isEqualTo("NOT_FOUND");
        });
    }

    @Test
    void pageSizeOutOfRangeNamesFirst() {
        String applicationId = createApplication();
        for (int first : new int[] {0, -1, 1001}) {
            assertInvalidArgument(as(owner).document(APPLICATIONS).variable("first", first).execute(), "first",
                    "must be from 1 to 1000");
            assertInvalidArgument(as(owner).document(DEPLOYMENTS).variable("id", applicationId)
                    .variable("first", first).execute(), "first", "must be from 1 to 1000");
        }
    }

    @Test
    void malformedCursorNamesAfter() {
        String applicationId = createApplication();
        deploy(applicationId);
        deploy(applicationId);
        String deploymentCursor = endCursor(deployments(applicationId, 1, null));

        for (String cursor : List.of("not a cursor", "bm8tc2VwYXJhdG9y", deploymentCursor)) {
            assertInvalidArgument(as(owner).document(APPLICATIONS).variable("after", cursor).execute(), "after",
                    "must be a cursor returned by an earlier page");
        }
        assertInvalidArgument(as(owner).document(DEPLOYMENTS).variable("id", applicationId)
                .variable("after", "***").execute(), "after", "must be a cursor returned by an earlier page");
    }

    @Test
    void repeatedFullPagesExceedComplexity() {
        GraphQlTester.Response response = as(owner).document("""
                        {
                            a: applicationConnection(first: 1000) { edges { cursor } }
                            d: deploymentConnection(first: 1000) { edges { cursor } }
                        }""")
                .execute();

        response.errors().satisfy(errors -> {
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getMessage()).contains("complexity");
        });
        response.path("a").pathDoesNotExist();
    }

    private GraphQlTester.Response deployments(String applicationId, int first, String after) {
        return as(owner).document(DEPLOYMENTS).variable("id", applicationId).variable("first", first)
                .variable("after", after).execute();
    }

    private static List<String> deploymentIds(GraphQlTester.Response page) {
        return page.path("deploymentConnection.edges[*].node.id").entityList(String.class).get();
    }

    private static String endCursor(GraphQlTester.Response page) {
        return page.path("deploymentConnection.pageInfo.endCursor").entity(String.class).get();
    }

    private static void assertInvalidArgument(GraphQlTester.Response response, String argument, String rule) {
        response.errors().satisfy(errors -> {
            assertThat(errors).hasSize(1);
            ResponseError error = errors.get(0);
            assertThat(error.getErrorType().toString()).isEqualTo("BAD_USER_INPUT");
            assertThat(error.getExtensions().get("field")).isEqualTo(argument);
            assertThat(error.getExtensions().get("rule")).isEqualTo(rule);
        });
    }

    private String createApplication() {
        Map<String, Object> input = Map.of("name", unique("app"),
                "repositoryUrl", "file:///tmp/slipway-missing-" + UUID.randomUUID(), "ref", "main",
                "containerPort", 8080, "teamId", teamId);
        return as(owner).document("mutation N($input: CreateApplicationInput!) { createApplication(input: $input)"
                        + " { id } }")
                .variable("input", input).execute().path("createApplication.id").entity(String.class).get();
    }

    private String deploy(String applicationId) {
        String deploymentId = as(owner).document("mutation D($id: ID!) { deploy(applicationId: $id) { id } }")
                .variable("id", applicationId).execute().path("deploy.id").entity(String.class).get();
        requestedDeployments.add(deploymentId);
        return deploymentId;
    }

    private HttpGraphQlTester as(String user) {
        return graphQl.mutate().header("X-Slipway-User", user).build();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
