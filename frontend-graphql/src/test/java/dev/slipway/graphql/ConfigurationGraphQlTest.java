package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testsupport.ConfiguredApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class ConfigurationGraphQlTest {

    private static final String CREATE = """
            mutation Create($input: CreateApplicationInput!) { createApplication(input: $input) { id } }""";
    private static final String SET_ENVIRONMENT = """
            mutation Set($id: ID!, $name: String!, $value: String!) {
                setEnvironmentVariable(applicationId: $id, name: $name, value: $value) {
                    version environment { name value }
                }
            }""";
    private static final String REMOVE_ENVIRONMENT = """
            mutation Remove($id: ID!, $name: String!) {
                removeEnvironmentVariable(applicationId: $id, name: $name) { version environment { name value } }
            }""";
    private static final String SET_BUILD_ARGUMENT = """
            mutation Set($id: ID!, $name: String!, $value: String!) {
                setBuildArgument(applicationId: $id, name: $name, value: $value) { version buildArguments { name } }
            }""";
    private static final String DEPLOYMENT = """
            query D($id: ID!) {
                deployment(id: $id) {
                    status reason containerId configuration { version environment { name value } }
                }
            }""";
    private static final String TEST_KEY = "-----BEGIN TEST KEY-----\nQUJDRA/EFG+\n-----END TEST KEY-----\n";

    @Autowired
    private HttpGraphQlTester graphQl;
    @RegisterExtension
    final ConfiguredApp docker = ConfiguredApp.connect();
    private String applicationId;

    @TempDir
    Path repository;

    @BeforeEach
    void setUp() {
        graphQl = graphQl.mutate().header("X-Slipway-User", "alice").build();
    }

    @Test
    void caseValuesArriveExactInContainerAcrossChanges() throws Exception {
        applicationId = createApplication(ConfiguredApp.createRepository(repository));
        Map<String, String> values = caseValues();
        for (Map.Entry<String, String> variable : values.entrySet()) {
            setEnvironment(variable.getKey(), variable.getValue());
        }
        setEnvironment("APP_NAME", "This is an app");
        graphQl.document(SET_BUILD_ARGUMENT).variable("id", applicationId).variable("name", "GREETING")
                .variable("value", "hello big world").execute()
                .path("setBuildArgument.buildArguments[*].name").entityList(String.class).containsExactly("GREETING");
        graphQl.document("query C($id: ID!) { configuration(applicationId: $id) { environment { name value } } }")
                .variable("id", applicationId).execute()
                .path("configuration.environment[?(@.name == 'TEST_KEY')].value").entityList(String.class)
                .containsExactly(TEST_KEY);

        Map<String, Object> first = deployAndAwaitSuccess();
        Map<String, String> firstEnvironment = docker.environment((String) first.get("containerId"));
        for (Map.Entry<String, String> variable : values.entrySet()) {
            assertThat(firstEnvironment.get(variable.getKey())).as(variable.getKey()).isEqualTo(variable.getValue());
        }
        assertThat(firstEnvironment.get("APP_NAME")).isEqualTo("This is an app");
        assertThat(docker.greeting((String) first.get("containerId"))).isEqualTo("hello big world");

        setEnvironment("APP_NAME", "v2");
        Map<String, Object> second = deployAndAwaitSuccess();
        assertThat(docker.environment((String) second.get("containerId")).get("APP_NAME")).isEqualTo("v2");

        graphQl.document(REMOVE_ENVIRONMENT).variable("id", applicationId).variable("name", "APP_NAME").execute()
                .path("removeEnvironmentVariable.environment[*].name").entityList(String.class)
                .doesNotContain("APP_NAME");
        Map<String, Object> third = deployAndAwaitSuccess();
        assertThat(docker.environment((String) third.get("containerId"))).doesNotContainKey("APP_NAME");

        assertThat(version(second)).isEqualTo(version(first) + 1);
        assertThat(version(third)).isEqualTo(version(first) + 2);
        assertThat(environmentOf(first)).containsEntry("APP_NAME", "This is an app");
        assertThat(environmentOf(second)).containsEntry("APP_NAME", "v2");
        assertThat(environmentOf(third)).doesNotContainKey("APP_NAME");
    }

    @Test
    void secretReadShowsOnlyMask() {
        applicationId = createApplication("file:///tmp/slipway-missing-" + UUID.randomUUID());
        String setSecret = """
                mutation Set($id: ID!, $value: String!) {
                    setSecret(applicationId: $id, name: "API_KEY", value: $value) {
                        secrets { name version keyId setBy mask }
                    }
                }""";

        GraphQlTester.Response first = graphQl.document(setSecret).variable("id", applicationId)
                .variable("value", "sk_test_PLACEHOLDER_987").execute();
        GraphQlTester.Response second = graphQl.document(setSecret).variable("id", applicationId)
                .variable("value", "sk_test_PLACEHOLDER_988").execute();

        first.path("setSecret.secrets[0].name").entity(String.class).isEqualTo("API_KEY")
                .path("setSecret.secrets[0].version").entity(Long.class).isEqualTo(1L)
                .path("setSecret.secrets[0].setBy").entity(String.class).isEqualTo("user:alice")
                .path("setSecret.secrets[0].mask").entity(String.class).isEqualTo("********");
        second.path("setSecret.secrets[0].version").entity(Long.class).isEqualTo(2L);
        Map<String, Object> read = graphQl.document("""
                        query C($id: ID!) { configuration(applicationId: $id) { secrets { name version mask } } }""")
                .variable("id", applicationId).execute().path("configuration").entity(Map.class).get();
        assertThat(read.toString()).contains("API_KEY").doesNotContain("sk_test_PLACEHOLDER_98");
        graphQl.document("query C($id: ID!) { configuration(applicationId: $id) { secrets { value } } }")
                .variable("id", applicationId).execute()
                .errors().satisfy(errors -> assertThat(errors).isNotEmpty());
    }

    @Test
    void valueWithNulIsRejected() {
        applicationId = createApplication("file:///tmp/slipway-missing-" + UUID.randomUUID());

        graphQl.document(SET_ENVIRONMENT).variable("id", applicationId).variable("name", "TOKEN")
                .variable("value", "abc\0def").execute()
                .errors().satisfy(errors -> {
                    assertSingleError(errors, "value");
                    assertThat(errors.get(0).getMessage()).contains("NUL").doesNotContain("abc");
                });
        assertThat(configurationVersion()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A B", "1X", "-e", "A=B", "A\nB"})
    void invalidNameIsRejected(String name) {
        applicationId = createApplication("file:///tmp/slipway-missing-" + UUID.randomUUID());

        graphQl.document(SET_ENVIRONMENT).variable("id", applicationId).variable("name", name)
                .variable("value", "x").execute()
                .errors().satisfy(errors -> assertSingleError(errors, "name"));
        graphQl.document(SET_BUILD_ARGUMENT).variable("id", applicationId).variable("name", name)
                .variable("value", "x").execute()
                .errors().satisfy(errors -> assertSingleError(errors, "name"));
        assertThat(configurationVersion()).isZero();
    }

    private void setEnvironment(String name, String value) {
        graphQl.document(SET_ENVIRONMENT).variable("id", applicationId).variable("name", name)
                .variable("value", value).execute()
                .path("setEnvironmentVariable.environment[?(@.name == '" + name + "')].value")
                .entityList(String.class).containsExactly(value);
    }

    private Map<String, Object> deployAndAwaitSuccess() {
        String deploymentId = graphQl.document("mutation Deploy($id: ID!) { deploy(applicationId: $id) { id } }")
                .variable("id", applicationId).execute()
                .path("deploy.id").entity(String.class).get();
        Map<String, Object> finished = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> deployment(deploymentId),
                        deployment -> List.of("SUCCEEDED", "FAILED").contains((String) deployment.get("status")));
        assertThat(finished.get("status")).as("deployment: %s", finished).isEqualTo("SUCCEEDED");
        return finished;
    }

    private Map<String, Object> deployment(String deploymentId) {
        GraphQlTester.Response response = graphQl.document(DEPLOYMENT).variable("id", deploymentId).execute();
        @SuppressWarnings("unchecked")
        Map<String, Object> deployment = response.path("deployment").entity(Map.class).get();
        return deployment;
    }

    @SuppressWarnings("unchecked")
    private static long version(Map<String, Object> deployment) {
        return ((Number) ((Map<String, Object>) deployment.get("configuration")).get("version")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environmentOf(Map<String, Object> deployment) {
        Map<String, Object> configuration = (Map<String, Object>) deployment.get("configuration");
        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, String> variable : (List<Map<String, String>>) configuration.get("environment")) {
            environment.put(variable.get("name"), variable.get("value"));
        }
        return environment;
    }

    private long configurationVersion() {
        return graphQl.document("query C($id: ID!) { configuration(applicationId: $id) { version } }")
                .variable("id", applicationId).execute()
                .path("configuration.version").entity(Long.class).get();
    }

    private String createApplication(String repositoryUrl) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "app-" + UUID.randomUUID().toString().substring(0, 8));
        input.put("repositoryUrl", repositoryUrl);
        input.put("ref", "main");
        input.put("containerPort", 8080);
        input.put("healthCheckPath", "/health");
        return docker.removeAfterTest(graphQl.document(CREATE).variable("input", input).execute()
                .path("createApplication.id").entity(String.class).get());
    }

    private static void assertSingleError(List<ResponseError> errors, String field) {
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getExtensions().get("classification")).isEqualTo("BAD_USER_INPUT");
        assertThat(errors.get(0).getExtensions().get("field")).isEqualTo(field);
    }

    private static Map<String, String> caseValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("DB_PASSWORD", "p4ss$word$$end$");
        values.put("CSP_MEDIA_SRC", "array:'self',blob:,https://*");
        values.put("TEST_KEY", TEST_KEY);
        values.put("CONNECTION", "Server=db;User Id=app;Password=123#abc;");
        values.put("PW", "pa$$word");
        values.put("CFG", "{\"val\":{\"a\":1}}");
        return values;
    }
}
