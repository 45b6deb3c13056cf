package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.graphql.tester.AutoConfigureHttpGraphQlTester;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class GitCredentialGraphQlTest {

    private static final String TOKEN = "TEST_TOKEN_123_graphql";
    private static final String CREATE = """
            mutation Create($input: CreateApplicationInput!) { createApplication(input: $input) { id } }""";
    private static final String SET = """
            mutation Set($id: ID!, $input: GitCredentialInput!) {
                setGitCredential(applicationId: $id, input: $input) { applicationId kind username secret }
            }""";
    private static final String SET_SECRET = """
            mutation S($id: ID!, $name: String!, $value: String!) {
                setSecret(applicationId: $id, name: $name, value: $value) { version }
            }""";
    private static final String SET_ENVIRONMENT = """
            mutation E($id: ID!, $name: String!, $value: String!) {
                setEnvironmentVariable(applicationId: $id, name: $name, value: $value) { environment { value } }
            }""";
    private static final String REMOVE = """
            mutation Remove($id: ID!) { removeGitCredential(applicationId: $id) }""";

    @Autowired
    private HttpGraphQlTester graphQl;

    @Test
    void setTokenAnswersMaskOnly() {
        String applicationId = createApplication("https://git.example.test/org/app.git");

        String response = graphQl.document(SET).variable("id", applicationId)
                .variable("input", Map.of("kind", "HTTPS_TOKEN", "username", "oauth2", "token", TOKEN))
                .execute()
                .path("setGitCredential.secret").entity(String.class).isEqualTo("********")
                .path("setGitCredential.kind").entity(String.class).isEqualTo("HTTPS_TOKEN")
                .path("setGitCredential.username").entity(String.class).isEqualTo("oauth2")
                .path("setGitCredential").entity(Map.class).get().toString();

        assertThat(response).doesNotContain(TOKEN);
        graphQl.document(REMOVE).variable("id", applicationId).execute()
                .path("removeGitCredential").entity(Boolean.class).isEqualTo(true);
    }

    @Test
    void sshKeyForHttpsUrlRejected() {
        String applicationId = createApplication("https://git.example.test/org/app.git");

        graphQl.document(SET).variable("id", applicationId)
                .variable("input", Map.of("kind", "SSH_KEY", "privateKey",
                        "-----BEGIN RSA PRIVATE KEY-----\nQUJDREVGR0g=\n-----END RSA PRIVATE KEY-----\n",
                        "knownHosts", "git.example.test ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA"))
                .execute()
                .errors()
                .satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getMessage())
                            .contains("an SSH key needs an ssh:// or user@host:path repository URL");
                    assertThat(errors.get(0).getMessage()).doesNotContain("QUJDREVGR0g=");
                    assertThat(errors.get(0).getErrorType().toString()).isEqualTo("BAD_USER_INPUT");
                });
    }

    @Test
    void secretCopiedIntoVariableIsMaskedInResult() {
        String applicationId = createApplication("https://git.example.test/org/app.git");
        String secret = "sk_test_PLACEHOLDER_graphql_7";
        graphQl.document(SET_SECRET).variable("id", applicationId).variable("name", "API_KEY")
                .variable("value", secret).execute().path("setSecret.version").hasValue();

        String value = graphQl.document(SET_ENVIRONMENT).variable("id", applicationId).variable("name", "NOTE")
                .variable("value", "copied " + secret).execute()
                .path("setEnvironmentVariable.environment[0].value").entity(String.class).get();

        assertThat(value).isEqualTo("copied ********");
    }

    private String createApplication(String repositoryUrl) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "app-" + UUID.randomUUID().toString().substring(0, 8));
        input.put("repositoryUrl", repositoryUrl);
        input.put("ref", "main");
        input.put("containerPort", 8080);
        return graphQl.document(CREATE).variable("input", input).execute()
                .path("createApplication.id").entity(String.class).get();
    }
}
