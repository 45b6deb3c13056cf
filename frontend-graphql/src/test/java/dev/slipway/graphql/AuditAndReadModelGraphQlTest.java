package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.ApplicationRequests;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class AuditAndReadModelGraphQlTest {

    private static final String CREATE = """
            mutation Create($input: CreateApplicationInput!) {
                createApplication(input: $input) { id }
            }""";

    @Autowired
    private HttpGraphQlTester graphQl;

    @Test
    void auditEventShowsUserAgentAndCausationId() {
        String correlationId = "gql-" + UUID.randomUUID();
        String id = graphQl.mutate().header("X-Slipway-User", "alice").header("X-Correlation-Id", correlationId)
                .header("User-Agent", "slipway-graphql-test/2.0").build()
                .document(CREATE).variable("input", input()).execute()
                .path("createApplication.id").entity(String.class).get();

        GraphQlTester.Response audit = graphQl.document("""
                        query Audit($id: ID) {
                            auditEventConnection(filter: {resourceId: $id}) {
                                edges { node { eventType userAgent causationId correlationId team node } }
                            }
                        }""")
                .variable("id", id).execute();

        audit.path("auditEventConnection.edges[0].node.eventType").entity(String.class)
                .isEqualTo("ApplicationCreatedEvent");
        audit.path("auditEventConnection.edges[0].node.userAgent").entity(String.class)
                .isEqualTo("slipway-graphql-test/2.0");
        audit.path("auditEventConnection.edges[0].node.correlationId").entity(String.class).isEqualTo(correlationId);
        audit.path("auditEventConnection.edges[0].node.causationId").entity(String.class)
                .satisfies(causationId -> assertThat(causationId).isNotBlank());
        audit.path("auditEventConnection.edges[0].node.node").valueIsNull();
    }

    @Test
    void auditSearchByUnknownTeamFindsNothing() {
        graphQl.document(CREATE).variable("input", input()).execute().path("createApplication.id").hasValue();

        graphQl.document("{ auditEventConnection(filter: {team: \"no-such-team\"}) { edges { cursor } } }")
                .execute()
                .path("auditEventConnection.edges").entityList(Object.class).hasSize(0);
    }

    @Test
    void auditSearchByUnknownResourceFindsNothing() {
        graphQl.document("{ auditEventConnection(filter: {resourceId: \"" + UUID.randomUUID()
                        + "\", actor: \"user:nobody\"}) { edges { cursor } } }")
                .execute()
                .path("auditEventConnection.edges").entityList(Object.class).hasSize(0);
    }

    @Test
    void auditSearchByUnknownEventTypeIsRejected() {
        graphQl.document("{ auditEventConnection(filter: {eventType: \"DeploymentRequested\"}) { edges { cursor } } }")
                .execute()
                .errors().satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getExtensions().get("classification")).isEqualTo("BAD_USER_INPUT");
                    assertThat(errors.get(0).getExtensions().get("field")).isEqualTo("eventType");
                    assertThat((String) errors.get(0).getExtensions().get("rule")).contains("DeploymentRequestedEvent");
                });
    }

    @Test
    void auditSearchByUnknownActorKindIsRejected() {
        graphQl.document("{ auditEventConnection(filter: {actor: \"robot:alice\"}) { edges { cursor } } }")
                .execute()
                .errors().satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getExtensions().get("classification")).isEqualTo("BAD_USER_INPUT");
                    assertThat(errors.get(0).getExtensions().get("field")).isEqualTo("actor");
                    assertThat((String) errors.get(0).getExtensions().get("rule")).contains("'token:<id>'");
                });
    }

    @Test
    void auditConnectionPageInfoHasRelayFields() {
        for (int i = 0; i < 3; i++) {
            graphQl.document(CREATE).variable("input", input()).execute().path("createApplication.id").hasValue();
        }

        GraphQlTester.Response page = graphQl.document("""
                        {
                            auditEventConnection(first: 2) {
                                edges { cursor }
                                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                            }
                        }""")
                .execute();

        List<String> cursors = page.path("auditEventConnection.edges[*].cursor").entityList(String.class).get();
        assertThat(cursors).hasSize(2);
        page.path("auditEventConnection.pageInfo.startCursor").entity(String.class).isEqualTo(cursors.get(0));
        page.path("auditEventConnection.pageInfo.endCursor").entity(String.class).isEqualTo(cursors.get(1));
        page.path("auditEventConnection.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        page.path("auditEventConnection.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void emptyAuditConnectionHasNoCursors() {
        GraphQlTester.Response page = graphQl.document("""
                        {
                            auditEventConnection(filter: {team: "no-such-team"}) {
                                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                            }
                        }""")
                .execute();

        page.path("auditEventConnection.pageInfo.startCursor").valueIsNull();
        page.path("auditEventConnection.pageInfo.endCursor").valueIsNull();
        page.path("auditEventConnection.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
        page.path("auditEventConnection.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void readModelsListsReplayableNames() {
        graphQl.document("{ readModels readModelReplayProgress { eventsDone } }").execute()
                .path("readModels").entityList(String.class).contains("application", "deployment", "audit")
                .path("readModelReplayProgress").valueIsNull();
    }

    @Test
    void replayOfOneReadModelReportsEvents() {
        graphQl.document(CREATE).variable("input", input()).execute().path("createApplication.id").hasValue();

        GraphQlTester.Response replayed = graphQl.document(
                "mutation { replayReadModel(name: \"audit\") { readModels eventsReplayed duration } }").execute();

        replayed.path("replayReadModel.readModels").entityList(String.class).containsExactly("audit");
        replayed.path("replayReadModel.eventsReplayed").entity(Integer.class)
                .satisfies(events -> assertThat(events).isPositive());
        replayed.path("replayReadModel.duration").entity(String.class)
                .satisfies(duration -> assertThat(duration).startsWith("PT"));
    }

    @Test
    void replayOfUnknownReadModelNamesField() {
        graphQl.document("mutation { replayReadModel(name: \"nothing\") { eventsReplayed } }").execute()
                .errors().satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getExtensions().get("classification")).isEqualTo("BAD_USER_INPUT");
                    assertThat(errors.get(0).getExtensions().get("field")).isEqualTo("name");
                    assertThat((String) errors.get(0).getExtensions().get("rule")).contains("audit");
                });
    }

    @Test
    void applicationReadsBackRuntimeSettings() {
        Map<String, Object> input = input();
        input.put("healthCheckPath", "/health");
        input.put("healthCheck", Map.of("intervalMillis", 750, "timeoutMillis", 1500, "retries", 3,
                "startPeriodMillis", 4000));
        input.put("ports", List.of("6543:5432"));
        input.put("volumes", List.of("data:/data:ro"));
        input.put("labels", List.of(Map.of("key", "team", "value", "web shop")));
        input.put("capabilities", List.of("NET_BIND_SERVICE"));
        input.put("readOnlyRootFilesystem", true);
        input.put("memoryMegabytes", 64);
        input.put("milliCpus", 250);
        input.put("pids", 32);
        String id = graphQl.document(CREATE).variable("input", input).execute()
                .path("createApplication.id").entity(String.class).get();

        GraphQlTester.Response application = graphQl.document("""
                        query One($id: ID!) {
                            application(id: $id) {
                                currentImageId
                                runtime {
                                    containerPort ports volumes capabilities readOnlyRootFilesystem
                                    memoryMegabytes milliCpus pids labels { key value }
                                    healthCheck {
                                        path expectedStatus intervalMillis timeoutMillis retries startPeriodMillis
                                    }
                                }
                                deployments { image }
                            }
                        }""")
                .variable("id", id).execute();

        application.path("application.runtime.containerPort").entity(Integer.class).isEqualTo(8080);
        application.path("application.runtime.ports").entityList(String.class).containsExactly("127.0.0.1:6543:5432");
        application.path("application.runtime.volumes").entityList(String.class).containsExactly("data:/data:ro");
        application.path("application.runtime.capabilities").entityList(String.class)
                .containsExactly("NET_BIND_SERVICE");
        application.path("application.runtime.readOnlyRootFilesystem").entity(Boolean.class).isEqualTo(true);
        application.path("application.runtime.memoryMegabytes").entity(Integer.class).isEqualTo(64);
        application.path("application.runtime.milliCpus").entity(Integer.class).isEqualTo(250);
        application.path("application.runtime.pids").entity(Integer.class).isEqualTo(32);
        application.path("application.runtime.labels[0].key").entity(String.class).isEqualTo("team");
        application.path("application.runtime.labels[0].value").entity(String.class).isEqualTo("web shop");
        application.path("application.runtime.healthCheck.path").entity(String.class).isEqualTo("/health");
        application.path("application.runtime.healthCheck.expectedStatus").entity(Integer.class).isEqualTo(200);
        application.path("application.runtime.healthCheck.intervalMillis").entity(Integer.class).isEqualTo(750);
        application.path("application.runtime.healthCheck.timeoutMillis").entity(Integer.class).isEqualTo(1500);
        application.path("application.runtime.healthCheck.retries").entity(Integer.class).isEqualTo(3);
        application.path("application.runtime.healthCheck.startPeriodMillis").entity(Integer.class).isEqualTo(4000);
        application.path("application.currentImageId").valueIsNull();
        application.path("application.deployments").entityList(Object.class).hasSize(0);
    }

    private static Map<String, Object> input() {
        String name = ApplicationRequests.uniqueName();
        return ApplicationRequests.applicationBody(name, "https://git.example.test/o/r.git");
    }
}
