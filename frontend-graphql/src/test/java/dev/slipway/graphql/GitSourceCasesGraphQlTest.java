package dev.slipway.graphql;

import static dev.slipway.testsupport.ApplicationRequests.applicationBody;
import static dev.slipway.testsupport.ApplicationRequests.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class GitSourceCasesGraphQlTest {

    private static final String CREATE = """
            mutation Create($input: CreateApplicationInput!) {
                createApplication(input: $input) { id repositoryUrl }
            }""";

    @Autowired
    private HttpGraphQlTester graphQl;
    @RegisterExtension
    final HardenedApp docker = HardenedApp.connect();

    @TempDir
    Path temp;

    @Test
    void deployResolvesBranchNamesExactly() throws Exception {
        Map<String, String> repository = HardenedApp.createRepositoryWithBranches(temp.resolve("repo"));
        Map<String, Object> input = applicationBody(uniqueName(), repository.get("url"));
        input.put("ref", "master");
        input.put("healthCheckPath", "/health");
        String applicationId = graphQl.document(CREATE).variable("input", input).execute()
                .path("createApplication.id").entity(String.class).get();
        docker.removeAfterTest(applicationId);

        for (String ref : List.of("master", "#SIG-38-compose")) {
            Map<String, Object> deployment = deployAt(applicationId, ref);

            assertThat(deployment.get("status")).as("status at %s: %s", ref, deployment).isEqualTo("SUCCEEDED");
            assertThat(deployment.get("commit")).as("commit of %s", ref).isEqualTo(repository.get(ref));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh://git@git.example.test:2222/org/repo.git", "git@git.example.test:org/repo.git"})
    void createKeepsSshUrlExactly(String url) {
        graphQl.document(CREATE).variable("input", applicationBody(uniqueName(), url)).execute()
                .path("createApplication.repositoryUrl").entity(String.class).isEqualTo(url);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "repositoryUrl | http://git.internal.test:3000/org/repo.git | http:// is switched off",
        "repositoryUrl | --upload-pack=/bin/true | '-'",
        "repositoryUrl | ext::sh -c true | whitespace",
        "repositoryUrl | https://oauth2:TEST_TOKEN_123@git.example.test/org/repo.git | repository credential",
        "ref | -upload-pack=touch_x | leading '-'",
        "ref | feature/a b | no spaces"})
    void createRejectsGitInputWithoutTrace(String field, String value, String ruleText) {
        Map<String, Object> input = applicationBody(uniqueName(), "https://git.example.test/o/r.git");
        input.put(field, value);
        String correlationId = "gql-" + UUID.randomUUID();

        graphQl.mutate().header("X-Correlation-Id", correlationId).build().document(CREATE)
                .variable("input", input).execute()
                .errors().satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getExtensions().get("classification")).isEqualTo("BAD_USER_INPUT");
                    assertThat(errors.get(0).getExtensions().get("field")).isEqualTo(field);
                    assertThat((String) errors.get(0).getExtensions().get("rule")).contains(ruleText);
                    assertThat(errors.get(0).toString()).doesNotContain("TEST_TOKEN_123");
                });
        // Other tests' deployments in this context may store events meanwhile, so only this request's entries count.
        assertThat(auditCorrelationIds()).doesNotContain(correlationId);
    }

    private Map<String, Object> deployAt(String applicationId, String ref) {
        String deploymentId = graphQl.document("mutation D($id: ID!, $ref: String) { deploy(applicationId: $id,"
                        + " ref: $ref) { id } }")
                .variable("id", applicationId).variable("ref", ref).execute()
                .path("deploy.id").entity(String.class).get();
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> deployment(deploymentId),
                        deployment -> List.of("SUCCEEDED", "FAILED").contains((String) deployment.get("status")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> deployment(String deploymentId) {
        return graphQl.document("query D($id: ID!) { deployment(id: $id) { status commit reason } }")
                .variable("id", deploymentId).execute()
                .path("deployment").entity(Map.class).get();
    }

    /** Returns the correlation ids of the stored audit entries, newest first. */
    private List<String> auditCorrelationIds() {
        return graphQl.document("{ auditEvents(limit: 1000) { correlationId } }").execute()
                .path("auditEvents[*].correlationId").entityList(String.class).get();
    }
}
