package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** The rollback and setImageRetention mutations, the health check input and step times over GraphQL. */
@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class ReleaseGraphQlTest {

    @Autowired
    private HttpGraphQlTester graphQl;

    @Test
    void rollbackToUnknownDeploymentIsBadInput() {
        String applicationId = createApplication(null);

        graphQl.document("mutation R($a: ID!, $d: ID!) { rollback(applicationId: $a, deploymentId: $d) { id } }")
                .variable("a", applicationId).variable("d", UUID.randomUUID().toString())
                .execute()
                .errors()
                .satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getErrorType().toString()).isEqualTo("BAD_USER_INPUT");
                    assertThat(errors.get(0).getMessage()).startsWith("Invalid deploymentId ");
                });
    }

    @Test
    void setImageRetentionReturnsNumber() {
        String applicationId = createApplication(null);

        Integer kept = graphQl.document("mutation S($a: ID!) { setImageRetention(applicationId: $a, keptImages: 7) }")
                .variable("a", applicationId).execute().path("setImageRetention").entity(Integer.class).get();

        assertThat(kept).isEqualTo(7);
    }

    @Test
    void healthCheckInputPathIsChecked() {
        graphQl.document("mutation C($input: CreateApplicationInput!) { createApplication(input: $input) { id } }")
                .variable("input", input(Map.of("path", "/%2e%2e/secret")))
                .execute()
                .errors()
                .satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getMessage()).contains("healthCheck.path");
                });
    }

    @Test
    void stepsShowStartEndAndDuration() {
        String applicationId = createApplication(Map.of("path", "/ready", "retries", 2, "startPeriodMillis", 1000));
        String id = graphQl.document("mutation D($a: ID!) { deploy(applicationId: $a) { id } }")
                .variable("a", applicationId).execute().path("deploy.id").entity(String.class).get();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> graphQl.document("query One($id: ID!) { deployment(id: $id) { status } }")
                        .variable("id", id).execute().path("deployment.status").entity(String.class).get(),
                        "FAILED"::equals);

        Map<?, ?> step = graphQl.document("query One($id: ID!) { deployment(id: $id) { rollbackOf"
                        + " steps { step startedAt finishedAt durationMillis } } }")
                .variable("id", id).execute().path("deployment.steps[0]").entity(Map.class).get();

        Instant startedAt = Instant.parse((String) step.get("startedAt"));
        Instant finishedAt = Instant.parse((String) step.get("finishedAt"));
        assertThat(step.get("step")).isEqualTo("RESOLVE_COMMIT");
        assertThat(((Number) step.get("durationMillis")).longValue())
                .isEqualTo(Duration.between(startedAt, finishedAt).toMillis());
    }

    private String createApplication(Map<String, Object> healthCheck) {
        return graphQl.document("mutation C($input: CreateApplicationInput!) { createApplication(input: $input)"
                        + " { id } }")
                .variable("input", input(healthCheck)).execute().path("createApplication.id").entity(String.class)
                .get();
    }

    private static Map<String, Object> input(Map<String, Object> healthCheck) {
        Map<String, Object> input = new java.util.HashMap<>(Map.of("name",
                "app-" + UUID.randomUUID().toString().substring(0, 8),
                "repositoryUrl", "file:///tmp/slipway-missing-" + UUID.randomUUID(),
                "ref", "main", "containerPort", 8080));
        if (healthCheck != null) {
            input.put("healthCheck", healthCheck);
        }
        return input;
    }
}
