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

/** The {@code createWebhook} and {@code removeWebhook} mutations and the application's {@code webhook} field. */
@SpringBootTest(classes = GraphQlTestApplication.class)
@AutoConfigureHttpGraphQlTester
class WebhookGraphQlTest {

    private static final String CREATE_APPLICATION = """
            mutation Create($input: CreateApplicationInput!) { createApplication(input: $input) { id } }""";
    private static final String CREATE = """
            mutation Create($id: ID!) { createWebhook(applicationId: $id) { applicationId path secret } }""";
    private static final String REMOVE = """
            mutation Remove($id: ID!) { removeWebhook(applicationId: $id) }""";
    private static final String READ = """
            query Read($id: ID!) { application(id: $id) { id webhook } }""";

    @Autowired
    private HttpGraphQlTester graphQl;

    @Test
    void createdSecretIsShownOnce() {
        String applicationId = createApplication();

        Map<?, ?> created = graphQl.document(CREATE).variable("id", applicationId).execute()
                .path("createWebhook").entity(Map.class).get();
        String secret = String.valueOf(created.get("secret"));
        String read = graphQl.document(READ).variable("id", applicationId).execute()
                .path("application.webhook").entity(Boolean.class).isEqualTo(true)
                .path("application").entity(Map.class).get().toString();

        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.get("path")).isEqualTo("/api/webhooks/" + applicationId);
        assertThat(created.get("applicationId")).isEqualTo(applicationId);
        assertThat(read).doesNotContain(secret);
        graphQl.document(REMOVE).variable("id", applicationId).execute()
                .path("removeWebhook").entity(Boolean.class).isEqualTo(true);
        graphQl.document(READ).variable("id", applicationId).execute()
                .path("application.webhook").entity(Boolean.class).isEqualTo(false);
    }

    private String createApplication() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "app-" + UUID.randomUUID().toString().substring(0, 8));
        input.put("repositoryUrl", "https://git.example.test/org/app.git");
        input.put("ref", "main");
        input.put("containerPort", 8080);
        return graphQl.document(CREATE_APPLICATION).variable("input", input).execute()
                .path("createApplication.id").entity(String.class).get();
    }
}
