package dev.slipway.graphql;

import static dev.slipway.testsupport.ApplicationRequests.applicationBody;
import static dev.slipway.testsupport.ApplicationRequests.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import graphql.introspection.IntrospectionQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class GraphQlApiTest {

    private static final String CREATE = """
            mutation Create($input: CreateApplicationInput!) {
                createApplication(input: $input) {
                    id name repositoryUrl ref containerPort createdBy deployments { id }
                }
            }""";
    private static final String AUDIT = """
            query Audit($resourceId: ID) {
                auditEvents(resourceId: $resourceId, limit: 1000) {
                    eventId eventType resourceId actor clientAddress correlationId
                }
            }""";

    @Autowired
    private HttpGraphQlTester graphQl;

    @Test
    void createThenQueryApplication() {
        String name = uniqueName();
        HttpGraphQlTester alice = as("alice", "gql-" + UUID.randomUUID());

        GraphQlTester.Response created = alice.document(CREATE)
                .variable("input", applicationBody(name, "https://git.example.test/org/shop.git"))
                .execute();

        String id = created.path("createApplication.id").entity(String.class).get();
        created.path("createApplication.name").entity(String.class).isEqualTo(name);
        created.path("createApplication.createdBy").entity(String.class).isEqualTo("user:alice");
        created.path("createApplication.deployments").entityList(Object.class).hasSize(0);
        graphQl.document("{ applications { id } }").execute()
                .path("applications[*].id").entityList(String.class).contains(id);
        graphQl.document("query One($id: ID!) { application(id: $id) { name repositoryUrl ref containerPort } }")
                .variable("id", id)
                .execute()
                .path("application.name").entity(String.class).isEqualTo(name)
                .path("application.repositoryUrl").entity(String.class)
                .isEqualTo("https://git.example.test/org/shop.git")
                .path("application.ref").entity(String.class).isEqualTo("main")
                .path("application.containerPort").entity(Integer.class).isEqualTo(8080);
    }

    @Test
    void createRejectsInvalidName() {
        Map<String, Object> input = applicationBody("My_App", "https://git.example.test/o/r.git");

        assertCreateRejected(input, "name", "lower-case letters");
    }

    @Test
    void createRejectsTransportHelperUrl() {
        assertCreateRejected(applicationBody(uniqueName(), "ext::sh -c true"), "repositoryUrl", "");
    }

    @Test
    void createRejectsOptionLikeRef() {
        Map<String, Object> input = applicationBody(uniqueName(), "https://git.example.test/o/r.git");
        input.put("ref", "-upload-pack=touch_x");

        assertCreateRejected(input, "ref", "leading '-'");
    }

    @Test
    void createRejectsDuplicateName() {
        String name = uniqueName();
        graphQl.document(CREATE).variable("input", applicationBody(name, "https://git.example.test/o/r.git")).execute()
                .path("createApplication.id").hasValue();

        assertCreateRejected(applicationBody(name, "https://git.example.test/o/other.git"), "name", "unique");
    }

    @Test
    void createRejectsInvalidUserHeader() {
        String correlationId = "gql-" + UUID.randomUUID();

        as("alice smith", correlationId).document(CREATE)
                .variable("input", applicationBody(uniqueName(), "https://git.example.test/o/r.git"))
                .execute()
                .errors().satisfy(errors -> assertSingleError(errors, "BAD_USER_INPUT", "X-Slipway-User"));
        // Other tests' deployments in this context may store events meanwhile, so only this request's entries count.
        assertThat(auditCorrelationIds()).doesNotContain(correlationId);
    }

    @Test
    void applicationRejectsMalformedId() {
        graphQl.document("{ application(id: \"not-a-uuid\") { id } }").execute()
                .errors().satisfy(errors -> assertSingleError(errors, "BAD_USER_INPUT", "id"));
    }

    @Test
    void applicationWithUnknownIdIsNotFound() {
        String unknown = UUID.randomUUID().toString();

        graphQl.document("query One($id: ID!) { application(id: $id) { id } }").variable("id", unknown).execute()
                .errors().satisfy(errors -> {
                    assertSingleError(errors, "NOT_FOUND", null);
                    assertThat(errors.get(0).getMessage()).isEqualTo("Application '" + unknown
                            + "' not found. Check the id.");
                });
    }

    @Test
    void deployOfUnknownApplicationIsNotFound() {
        graphQl.document("mutation Deploy($id: ID!) { deploy(applicationId: $id) { id } }")
                .variable("id", UUID.randomUUID().toString())
                .execute()
                .errors().satisfy(errors -> assertSingleError(errors, "NOT_FOUND", null));
    }

    @Test
    void deployFromMissingLocalRepositoryFailsNamingUrl() {
        String url = "file:///tmp/slipway-missing-" + UUID.randomUUID();
        String correlationId = "gql-" + UUID.randomUUID();
        HttpGraphQlTester alice = as("alice", correlationId);
        String applicationId = alice.document(CREATE).variable("input", applicationBody(uniqueName(), url)).execute()
                .path("createApplication.id").entity(String.class).get();

        GraphQlTester.Response deployed = alice
                .document("mutation Deploy($id: ID!) { deploy(applicationId: $id) { id status ref requestedBy } }")
                .variable("id", applicationId)
                .execute();

        String deploymentId = deployed.path("deploy.id").entity(String.class).get();
        deployed.path("deploy.ref").entity(String.class).isEqualTo("main");
        deployed.path("deploy.requestedBy").entity(String.class).isEqualTo("user:alice");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> deploymentStatus(deploymentId), "FAILED"::equals);
        GraphQlTester.Response failed = graphQl
                .document("query D($id: ID!) { deployment(id: $id) { reason failedStep steps { step succeeded } } }")
                .variable("id", deploymentId)
                .execute();
        assertThat(failed.path("deployment.reason").entity(String.class).get()).contains(url);
        failed.path("deployment.failedStep").entity(String.class).isEqualTo("RESOLVE_COMMIT");
        assertThat(failed.path("deployment.steps[*].step").entityList(String.class).get())
                .doesNotContain("BUILD_IMAGE", "START_CONTAINER");
        graphQl.document("query A($id: ID!) { application(id: $id) { deployments { id status } } }")
                .variable("id", applicationId)
                .execute()
                .path("application.deployments[*].id").entityList(String.class).containsExactly(deploymentId);
        graphQl.document(AUDIT).variable("resourceId", deploymentId).execute()
                .path("auditEvents[*].correlationId").entityList(String.class).satisfies(
                        ids -> assertThat(ids).isNotEmpty().containsOnly(correlationId));
    }

    @Test
    void deployRejectsInvalidRef() {
        String applicationId = graphQl.document(CREATE)
                .variable("input", applicationBody(uniqueName(), "file:///tmp/slipway-missing-" + UUID.randomUUID()))
                .execute()
                .path("createApplication.id").entity(String.class).get();
        String correlationId = "gql-" + UUID.randomUUID();

        as("alice", correlationId)
                .document("mutation D($id: ID!) { deploy(applicationId: $id, ref: \"-upload-pack=touch_x\") { id } }")
                .variable("id", applicationId)
                .execute()
                .errors().satisfy(errors -> assertSingleError(errors, "BAD_USER_INPUT", "ref"));
        // Other tests' deployments in this context may store events meanwhile, so only this request's entries count.
        assertThat(auditCorrelationIds()).doesNotContain(correlationId);
    }

    @Test
    void auditEventsShowCallerAndCorrelationId() {
        String correlationId = "gql-" + UUID.randomUUID();
        String id = as("alice", correlationId).document(CREATE)
                .variable("input", applicationBody(uniqueName(), "https://git.example.test/o/r.git"))
                .execute()
                .path("createApplication.id").entity(String.class).get();

        GraphQlTester.Response audit = graphQl.document(AUDIT).variable("resourceId", id).execute();

        audit.path("auditEvents[0].eventType").entity(String.class).isEqualTo("ApplicationCreatedEvent");
        audit.path("auditEvents[0].actor").entity(String.class).isEqualTo("user:alice");
        audit.path("auditEvents[0].correlationId").entity(String.class).isEqualTo(correlationId);
        audit.path("auditEvents[0].clientAddress").entity(String.class).isEqualTo("127.0.0.1");
    }

    @Test
    void auditEventsRejectsLimitOutOfRange() {
        graphQl.document("{ auditEvents(limit: 5000) { eventId } }").execute()
                .errors().satisfy(errors -> assertSingleError(errors, "BAD_USER_INPUT", "limit"));
    }

    @Test
    void replayReadModelsReportsProcessors() {
        graphQl.document("mutation { replayReadModels { processors duration } }").execute()
                .path("replayReadModels.processors").entityList(String.class).hasSizeGreaterThan(0)
                .path("replayReadModels.duration").entity(String.class).satisfies(
                        duration -> assertThat(duration).startsWith("PT"));
    }

    @Test
    void standardIntrospectionQueryIsAllowed() {
        graphQl.document(IntrospectionQuery.INTROSPECTION_QUERY).execute()
                .path("__schema.queryType.name").entity(String.class).isEqualTo("Query");
    }

    @Test
    void queryDeeperThanLimitIsRejectedWithoutData() {
        String deep = "{ __schema { types { fields { type" + " { ofType".repeat(14) + " { name }"
                + " }".repeat(14) + " } } } }";

        GraphQlTester.Response response = graphQl.document(deep).execute();

        response.errors().satisfy(errors -> {
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getMessage()).contains("depth");
        });
        response.path("__schema").pathDoesNotExist();
    }

    private void assertCreateRejected(Map<String, Object> input, String field, String ruleText) {
        String correlationId = "gql-" + UUID.randomUUID();
        List<String> applicationsBefore = applicationIds();

        as("alice", correlationId).document(CREATE).variable("input", input).execute()
                .errors().satisfy(errors -> {
                    assertSingleError(errors, "BAD_USER_INPUT", field);
                    assertThat((String) errors.get(0).getExtensions().get("rule")).contains(ruleText);
                    assertThat(errors.get(0).getExtensions().get("correlationId")).isNotNull();
                    assertThat(errors.get(0).getMessage()).doesNotContain("Exception").doesNotContain("dev.slipway");
                });
        // Other tests' deployments in this context may store events meanwhile, so only this request's entries count.
        assertThat(auditCorrelationIds()).doesNotContain(correlationId);
        assertThat(applicationIds()).isEqualTo(applicationsBefore);
    }

    private static void assertSingleError(List<ResponseError> errors, String classification, String field) {
        assertThat(errors).hasSize(1);
        ResponseError error = errors.get(0);
        assertThat(error.getExtensions().get("classification")).isEqualTo(classification);
        assertThat(error.getExtensions().get("field")).isEqualTo(field);
    }

    private HttpGraphQlTester as(String user, String correlationId) {
        return graphQl.mutate().header("X-Slipway-User", user).header("X-Correlation-Id", correlationId).build();
    }

    /** Returns the correlation ids of the stored audit entries, newest first. */
    private List<String> auditCorrelationIds() {
        return graphQl.document("{ auditEvents(limit: 1000) { correlationId } }").execute()
                .path("auditEvents[*].correlationId").entityList(String.class).get();
    }

    private List<String> applicationIds() {
        return graphQl.document("{ applications { id } }").execute()
                .path("applications[*].id").entityList(String.class).get();
    }

    private String deploymentStatus(String deploymentId) {
        return graphQl.document("query D($id: ID!) { deployment(id: $id) { status } }").variable("id", deploymentId)
                .execute()
                .path("deployment.status").entity(String.class).get();
    }
}
