package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** The cancelDeployment and deployOnce mutations; deployments use a repository that does not exist. */
@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class DeploymentLifecycleGraphQlTest {

    private static final String DEPLOY_ONCE = """
            mutation Deploy($applicationId: ID!, $key: String!) {
                deployOnce(applicationId: $applicationId, idempotencyKey: $key) { id status }
            }""";

    @Autowired
    private HttpGraphQlTester graphQl;

    @Test
    void deployOnceWithSameKeyReturnsSameDeployment() {
        String applicationId = createApplication();

        String first = graphQl.document(DEPLOY_ONCE).variable("applicationId", applicationId)
                .variable("key", "gql-key-1").execute().path("deployOnce.id").entity(String.class).get();
        String second = graphQl.document(DEPLOY_ONCE).variable("applicationId", applicationId)
                .variable("key", "gql-key-1").execute().path("deployOnce.id").entity(String.class).get();

        assertThat(second).isEqualTo(first);
        List<String> ids = graphQl.document("query List($id: ID) { deployments(applicationId: $id) { id } }")
                .variable("id", applicationId).execute().path("deployments[*].id").entityList(String.class).get();
        assertThat(ids).containsExactly(first);
    }

    @Test
    void deployOnceRejectsMalformedKey() {
        String applicationId = createApplication();

        graphQl.document(DEPLOY_ONCE).variable("applicationId", applicationId).variable("key", "no spaces allowed")
                .execute()
                .errors()
                .satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    ResponseError error = errors.get(0);
                    assertThat(error.getErrorType().toString()).isEqualTo("BAD_USER_INPUT");
                    assertThat(error.getMessage()).contains("idempotencyKey");
                });
    }

    @Test
    void cancelOfEndedDeploymentIsConflict() {
        String applicationId = createApplication();
        String id = graphQl.document(DEPLOY_ONCE).variable("applicationId", applicationId).variable("key", "k-2")
                .execute().path("deployOnce.id").entity(String.class).get();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> graphQl.document("query One($id: ID!) { deployment(id: $id) { status } }")
                        .variable("id", id).execute().path("deployment.status").entity(String.class).get(),
                        "FAILED"::equals);

        graphQl.document("mutation Cancel($id: ID!) { cancelDeployment(id: $id) { status } }")
                .variable("id", id)
                .execute()
                .errors()
                .satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getErrorType().toString()).isEqualTo("CONFLICT");
                    assertThat(errors.get(0).getMessage()).contains("already ended");
                });
    }

    private String createApplication() {
        Map<String, Object> input = Map.of("name", "app-" + UUID.randomUUID().toString().substring(0, 8),
                "repositoryUrl", "https://git.example.test/org/missing-" + UUID.randomUUID() + ".git",
                "ref", "main", "containerPort", 8080);
        return graphQl.document("mutation Create($input: CreateApplicationInput!) { createApplication(input: $input)"
                        + " { id } }")
                .variable("input", input).execute().path("createApplication.id").entity(String.class).get();
    }
}
