package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * The limits on what one GraphQL request may do: top-level mutation fields, page sizes in the query complexity, and
 * the argument names that input errors carry.
 */
@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class GraphQlRequestLimitsTest {

    private static final String CONFIGURATION = """
            query C($id: ID!) { configuration(applicationId: $id) { version environment { name } } }""";

    @Autowired
    private HttpGraphQlTester graphQl;

    @Test
    void mutationOverFieldLimitRunsNoField() {
        String applicationId = createApplication();

        GraphQlTester.Response response = graphQl.document(aliasedSetEnvironment(11))
                .variable("id", applicationId).execute();

        response.errors().satisfy(errors -> {
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getErrorType().toString()).isEqualTo("ValidationError");
            assertThat(errors.get(0).getMessage()).contains("11 top-level fields").contains("at most 10");
        });
        response.path("v0").pathDoesNotExist();
        GraphQlTester.Response configuration = graphQl.document(CONFIGURATION).variable("id", applicationId).execute();
        configuration.path("configuration.version").entity(Integer.class).isEqualTo(0);
        configuration.path("configuration.environment").entityList(Object.class).hasSize(0);
    }

    @Test
    void mutationAtFieldLimitRuns() {
        String applicationId = createApplication();

        graphQl.document(aliasedSetEnvironment(10)).variable("id", applicationId).execute()
                .path("v9.version").entity(Integer.class).isEqualTo(10);

        graphQl.document(CONFIGURATION).variable("id", applicationId).execute()
                .path("configuration.environment").entityList(Object.class).hasSize(10);
    }

    @Test
    void mutationFieldsInFragmentsCount() {
        String applicationId = createApplication();
        StringBuilder document = new StringBuilder("mutation D($id: ID!) { a: deploy(applicationId: $id) { id }"
                + " ...more } fragment more on Mutation {");
        for (int i = 0; i < 19; i++) {
            document.append(" d").append(i).append(": deploy(applicationId: $id) { id }");
        }
        document.append(" }");

        graphQl.document(document.toString()).variable("id", applicationId).execute()
                .errors().satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getErrorType().toString()).isEqualTo("ValidationError");
                    assertThat(errors.get(0).getMessage()).contains("20 top-level fields").contains("at most 10");
                });
        graphQl.document("query L($id: ID) { deployments(applicationId: $id) { id } }").variable("id", applicationId)
                .execute()
                .path("deployments").entityList(Object.class).hasSize(0);
    }

    @Test
    void repeatedFullPagesExceedComplexity() {
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 240; i++) {
            query.append(" p").append(i).append(": auditEventConnection(first: 1000) { edges { cursor } }");
        }
        query.append(" }");

        GraphQlTester.Response response = graphQl.document(query.toString()).execute();

        response.errors().satisfy(errors -> assertComplexityError(errors));
        response.path("p0").pathDoesNotExist();
    }

    @Test
    void pageSizeFromVariableCounts() {
        graphQl.document("query A($n: Int) { a: auditEvents(limit: $n) { eventId } b: auditEvents(limit: $n) {"
                        + " eventId } }")
                .variable("n", 1000)
                .execute()
                .errors().satisfy(errors -> assertComplexityError(errors));
    }

    @Test
    void logPagesCountTheirLimit() {
        String deploymentId = UUID.randomUUID().toString();

        graphQl.document("query L($id: ID!) { a: deploymentLogs(deploymentId: $id, limit: 1000) { lastSequence }"
                        + " b: deploymentLogs(deploymentId: $id, limit: 1000) { lastSequence } }")
                .variable("id", deploymentId)
                .execute()
                .errors().satisfy(errors -> assertComplexityError(errors));
    }

    @Test
    void oneFullPageWithOtherFieldsRuns() {
        graphQl.document("""
                        {
                            auditEventConnection(first: 1000) {
                                edges {
                                    cursor
                                    node {
                                        eventId timestamp eventType resourceType resourceId actor clientAddress
                                        correlationId userAgent causationId team
                                    }
                                }
                                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                            }
                            defaultPage: auditEvents { eventId }
                            applications { id name deployments { id status } }
                        }""")
                .execute()
                .path("auditEventConnection.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(false)
                .path("defaultPage").hasValue()
                .path("applications").hasValue();
    }

    @Test
    void inputErrorsNameSchemaArgument() {
        assertInvalidArgument("{ deployment(id: \"nope\") { id } }", "id");
        assertInvalidArgument("{ application(id: \"nope\") { id } }", "id");
        assertInvalidArgument("mutation { cancelDeployment(id: \"nope\") { id } }", "id");
        assertInvalidArgument("mutation { replayReadModel(name: \"nothing\") { eventsReplayed } }", "name");
    }

    @Test
    void objectForIdVariableIsRejected() {
        GraphQlTester.Response response = graphQl.document("query D($id: ID!) { deployment(id: $id) { id } }")
                .variable("id", Map.of("a", 1))
                .execute();

        response.errors().satisfy(errors -> {
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getErrorType().toString()).isEqualTo("ValidationError");
            assertThat(errors.get(0).getMessage()).contains("'id'").doesNotContain("{a=1}");
        });
        response.path("deployment").pathDoesNotExist();
    }

    @Test
    void numberForIdVariableIsAccepted() {
        graphQl.document("query D($id: ID!) { deployment(id: $id) { id } }")
                .variable("id", 42)
                .execute()
                .errors().satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getErrorType().toString()).isEqualTo("BAD_USER_INPUT");
                    assertThat(errors.get(0).getMessage()).contains("Invalid id '42'");
                });
    }

    private void assertInvalidArgument(String document, String argument) {
        graphQl.document(document).execute().errors().satisfy(errors -> {
            assertThat(errors).hasSize(1);
            ResponseError error = errors.get(0);
            assertThat(error.getErrorType().toString()).as(document).isEqualTo("BAD_USER_INPUT");
            assertThat(error.getExtensions().get("field")).as(document).isEqualTo(argument);
            assertThat(error.getMessage()).as(document).startsWith("Invalid " + argument + " '");
        });
    }

    private static void assertComplexityError(List<ResponseError> errors) {
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getMessage()).contains("complexity");
    }

    /** Returns a mutation that sets {@code count} environment variables of the application {@code $id}. */
    private static String aliasedSetEnvironment(int count) {
        StringBuilder document = new StringBuilder("mutation S($id: ID!) {");
        for (int i = 0; i < count; i++) {
            document.append(" v").append(i).append(": setEnvironmentVariable(applicationId: $id, name: \"V")
                    .append(i).append("\", value: \"x\") { version }");
        }
        return document.append(" }").toString();
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
