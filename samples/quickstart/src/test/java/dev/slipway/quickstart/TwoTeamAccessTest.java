package dev.slipway.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.web.security.IdentityService;
import dev.slipway.web.security.Totp;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Checks every REST route and GraphQL field of the running server with two users, each in their own personal team.
 * The second user, with a valid access token, calls each one with the first user's application, deployment and team
 * ids and must get "not found" or "forbidden". Routes and fields without an id must not show the first user's ids.
 */
@SpringBootTest(classes = QuickstartApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class TwoTeamAccessTest {

    private static final Path dataDirectory = Path.of("target", "teams-" + UUID.randomUUID()).toAbsolutePath();
    private static final String PASSWORD = "correct horse battery";
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final Set<Integer> DENIED = Set.of(403, 404);
    private static final Set<String> DENIED_CLASSIFICATIONS = Set.of("NOT_FOUND", "FORBIDDEN");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    private int port;

    @Autowired
    private IdentityService identities;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Autowired
    private GraphQlSource graphQlSource;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("slipway.data-directory", () -> dataDirectory.toString());
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dataDirectory.resolve("events"));
        registry.add("slipway.work-directory", () -> dataDirectory.resolve("work").toString());
        registry.add("slipway.source.allow-local", () -> "true");
        registry.add("slipway.graphql.introspection", () -> "true");
    }

    @Test
    void otherTeamGetsNotFoundOrForbiddenEverywhere() throws Exception {
        String ownerName = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        String owner = signIn(ownerName);
        String stranger = signIn("stranger-" + UUID.randomUUID().toString().substring(0, 8));
        // The repository does not exist, so the deployment fails at its first step without any network traffic.
        String repository = "file://" + dataDirectory.resolve("missing.git");
        JsonNode application = json.readTree(send(owner, "POST", "/api/applications", json.writeValueAsString(
                Map.of("name", "team-a-" + UUID.randomUUID().toString().substring(0, 8), "repositoryUrl", repository,
                        "ref", "main", "containerPort", 8080))).body());
        String applicationId = application.path("id").asText();
        JsonNode deployment = json.readTree(send(owner, "POST", "/api/applications/" + applicationId
                + "/deployments", null).body());
        String deploymentId = deployment.path("id").asText();
        JsonNode team = json.readTree(send(owner, "POST", "/api/teams", json.writeValueAsString(
                Map.of("name", "team-a"))).body());
        Ids ids = new Ids(applicationId, deploymentId, team.path("id").asText(), "user:" + ownerName);
        assertThat(applicationId).isNotEmpty();
        assertThat(deploymentId).isNotEmpty();
        assertThat(ids.teamId()).isNotEmpty();

        // Deletions run last, so that they cannot hide what the other calls would return.
        List<String> leaks = new ArrayList<>();
        leaks.addAll(sweepGraphQl(stranger, ids, false));
        leaks.addAll(sweepRest(stranger, ids));
        leaks.addAll(sweepGraphQl(stranger, ids, true));

        assertThat(leaks).as("calls of the other team that were not denied").isEmpty();
    }

    @Test
    void pastOfDeletedApplicationStaysWithItsTeam() throws Exception {
        String owner = signIn("owner-" + UUID.randomUUID().toString().substring(0, 8));
        String stranger = signIn("stranger-" + UUID.randomUUID().toString().substring(0, 8));
        JsonNode application = json.readTree(send(owner, "POST", "/api/applications", json.writeValueAsString(
                Map.of("name", "gone-" + UUID.randomUUID().toString().substring(0, 8), "repositoryUrl",
                        "file://" + dataDirectory.resolve("missing.git"), "ref", "main", "containerPort", 8080)))
                .body());
        String stateAt = "/api/applications/" + application.path("id").asText() + "/state-at?time=";
        assertThat(send(owner, "DELETE", "/api/applications/" + application.path("id").asText(), null)
                .statusCode()).isEqualTo(200);

        HttpResponse<String> ownerView = send(owner, "GET", stateAt + Instant.now(), null);
        HttpResponse<String> strangerView = send(stranger, "GET", stateAt + Instant.now(), null);

        assertThat(ownerView.statusCode()).as(ownerView.body()).isEqualTo(200);
        assertThat(json.readTree(ownerView.body()).path("deleted").asBoolean()).isTrue();
        assertThat(strangerView.statusCode()).isEqualTo(404);
    }

    /** The first user's resources, which the second user must not reach. */
    private record Ids(String applicationId, String deploymentId, String teamId, String member) {

        boolean appearIn(String text) {
            return text.contains(applicationId) || text.contains(deploymentId) || text.contains(teamId);
        }
    }

    private List<String> sweepRest(String token, Ids ids) throws Exception {
        List<String> leaks = new ArrayList<>();
        List<String[]> routes = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    routes.add(new String[] {method.name(), pattern});
                }
            }
        }
        routes.sort(Comparator.comparing((String[] route) -> "DELETE".equals(route[0])).thenComparing(r -> r[1]));
        for (String[] route : routes) {
            String method = route[0];
            String pattern = route[1];
            if (!pattern.startsWith("/api/") || pattern.startsWith("/api/auth/")) {
                continue;
            }
            Matcher variables = VARIABLE.matcher(pattern);
            boolean hasId = variables.find();
            if (!hasId && !"GET".equals(method)) {
                continue;
            }
            String path = VARIABLE.matcher(pattern).replaceAll(match -> switch (match.group(1)) {
                case "applicationId" -> ids.applicationId();
                case "deploymentId" -> ids.deploymentId();
                case "teamId" -> ids.teamId();
                case "member" -> ids.member();
                default -> "SOME_NAME";
            });
            if (path.endsWith("/state-at")) {
                path += "?time=" + Instant.now();
            }
            HttpResponse<String> response;
            try {
                response = send(token, method, path, body(method, pattern, ids));
            } catch (IOException e) {
                // A streamed response that breaks off, such as an export, shows nothing of the other team.
                if (hasId) {
                    leaks.add(method + " " + pattern + " -> response broke off: " + e.getMessage());
                }
                continue;
            }
            String call = method + " " + pattern + " -> " + response.statusCode();
            // A webhook delivery is authenticated by its signature alone, so the stranger's unsigned one gets 401,
            // as does any delivery to an application that does not exist.
            boolean denied = DENIED.contains(response.statusCode())
                    || pattern.startsWith("/api/webhooks/") && response.statusCode() == 401;
            if (hasId && !denied) {
                leaks.add(call);
            } else if (!hasId && ids.appearIn(response.body())) {
                leaks.add(call + " shows the other team's ids");
            }
        }
        return leaks;
    }

    /** Returns a body that passes the route's input checks, so that the call reaches the engine. */
    private static String body(String method, String pattern, Ids ids) {
        if (pattern.endsWith("/image-retention")) {
            return "{\"keptImages\":3}";
        }
        if (pattern.endsWith("/domains")) {
            return "{\"domains\":[]}";
        }
        if (pattern.endsWith("/rollbacks")) {
            return "{\"deploymentId\":\"" + ids.deploymentId() + "\"}";
        }
        if (pattern.endsWith("/git-credential")) {
            return "{\"kind\":\"HTTPS_TOKEN\",\"username\":\"oauth2\",\"token\":\"token-of-team-b\"}";
        }
        if (pattern.endsWith("/members")) {
            return "{\"member\":\"" + ids.member() + "\",\"role\":\"viewer\"}";
        }
        if (pattern.endsWith("/members/{member}")) {
            return "{\"role\":\"viewer\"}";
        }
        return "PUT".equals(method) ? "{\"value\":\"value-of-at-least-8\"}" : null;
    }

    private List<String> sweepGraphQl(String token, Ids ids, boolean deletions) throws Exception {
        GraphQLSchema schema = graphQlSource.schema();
        List<String> leaks = new ArrayList<>();
        for (GraphQLObjectType root : new GraphQLObjectType[] {schema.getQueryType(), schema.getMutationType(),
            schema.getSubscriptionType()}) {
            if (root == null) {
                continue;
            }
            if (root == schema.getSubscriptionType()) {
                if (!deletions) {
                    leaks.addAll(sweepSubscriptions(token, root, ids));
                }
                continue;
            }
            String operation = root == schema.getQueryType() ? "query" : "mutation";
            for (GraphQLFieldDefinition field : root.getFieldDefinitions()) {
                boolean deletion = field.getName().startsWith("delete") || field.getName().startsWith("remove");
                if (deletion != deletions) {
                    continue;
                }
                String document = document(operation, field, ids);
                if (document == null) {
                    continue;
                }
                boolean hasId = ids.appearIn(document);
                if (!hasId && "mutation".equals(operation)) {
                    continue;
                }
                HttpResponse<String> response = send(token, "POST", "/graphql",
                        json.writeValueAsString(Map.of("query", document)));
                JsonNode body = json.readTree(response.body());
                String call = operation + " " + field.getName() + " -> " + response.statusCode() + " " + body;
                if (hasId && !denied(body) && !emptyList(body, field)) {
                    leaks.add(call);
                } else if (!hasId && ids.appearIn(body.path("data").toString())) {
                    leaks.add(call + " shows the other team's ids");
                }
            }
        }
        return leaks;
    }

    /**
     * Subscribes to each subscription field over server-sent events, as the quickstart serves them, and expects an
     * error event instead of data.
     */
    private List<String> sweepSubscriptions(String token, GraphQLObjectType root, Ids ids) throws Exception {
        List<String> leaks = new ArrayList<>();
        for (GraphQLFieldDefinition field : root.getFieldDefinitions()) {
            String document = document("subscription", field, ids);
            if (document == null) {
                leaks.add("subscription " + field.getName() + " has an argument this test cannot fill");
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("query", document))))
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            boolean denied = false;
            boolean data = false;
            for (String line : response.body().split("\n")) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                JsonNode event = json.readTree(line.substring("data:".length()));
                JsonNode result = event.isArray() ? json.createObjectNode().set("errors", event) : event;
                denied |= denied(result);
                data |= !result.path("data").isMissingNode() && !result.path("data").isNull();
            }
            if (!denied || data) {
                leaks.add("subscription " + field.getName() + " -> " + response.statusCode() + " "
                        + response.body());
            }
        }
        return leaks;
    }

    /** Returns whether a list field filtered by the other team's id returned nothing, as for an unknown id. */
    private static boolean emptyList(JsonNode body, GraphQLFieldDefinition field) {
        JsonNode value = body.path("data").path(field.getName());
        return value.isArray() && value.isEmpty();
    }

    private static boolean denied(JsonNode body) {
        for (JsonNode error : body.path("errors")) {
            if (DENIED_CLASSIFICATIONS.contains(error.path("extensions").path("classification").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Returns an operation that calls one field with the other team's ids, or null when an argument has no value. */
    private static String document(String operation, GraphQLFieldDefinition field, Ids ids) {
        List<String> arguments = new ArrayList<>();
        for (GraphQLArgument argument : field.getArguments()) {
            String value = literal(argument, field, ids);
            if (value == null && GraphQLTypeUtil.isNonNull(argument.getType())) {
                return null;
            }
            if (value != null) {
                arguments.add(argument.getName() + ": " + value);
            }
        }
        String call = field.getName() + (arguments.isEmpty() ? "" : "(" + String.join(", ", arguments) + ")");
        GraphQLType type = GraphQLTypeUtil.unwrapAll(field.getType());
        String selection = "";
        if (type instanceof GraphQLFieldsContainer container) {
            selection = container.getFieldDefinition("id") != null ? " { __typename id }" : " { __typename }";
        }
        return operation + " { " + call + selection + " }";
    }

    private static String literal(GraphQLArgument argument, GraphQLFieldDefinition field, Ids ids) {
        GraphQLInputType type = argument.getType();
        GraphQLType named = GraphQLTypeUtil.unwrapAll(type);
        String name = argument.getName();
        if (named instanceof GraphQLScalarType scalar && "ID".equals(scalar.getName())) {
            if (name.toLowerCase().contains("team")) {
                return "\"" + ids.teamId() + "\"";
            }
            boolean deployment = name.toLowerCase().contains("deployment") || ("id".equals(name)
                    && ((GraphQLNamedType) GraphQLTypeUtil.unwrapAll(field.getType())).getName()
                    .contains("Deployment"));
            return "\"" + (deployment ? ids.deploymentId() : ids.applicationId()) + "\"";
        }
        if (!(type instanceof GraphQLNonNull)) {
            return null;
        }
        if ("member".equals(name)) {
            return "\"" + ids.member() + "\"";
        }
        if ("domains".equals(name)) {
            return "[]";
        }
        if (named instanceof GraphQLScalarType scalar) {
            return switch (scalar.getName()) {
                case "Int" -> "10";
                case "Float" -> "1.0";
                case "Boolean" -> "false";
                default -> "name".equals(name) ? "\"SOME_NAME\"" : "\"value-of-at-least-8\"";
            };
        }
        if (named instanceof GraphQLEnumType enumeration) {
            return enumeration.getValues().get(0).getName();
        }
        return null;
    }

    private String signIn(String userName) throws Exception {
        byte[] secret = Totp.fromBase32(identities.createUser(userName, PASSWORD));
        String code = Totp.DEFAULT.code(secret, Totp.DEFAULT.step(Instant.now().getEpochSecond()));
        HttpResponse<String> login = send(null, "POST", "/api/auth/login", json.writeValueAsString(
                Map.of("userName", userName, "password", PASSWORD, "totpCode", code)));
        assertThat(login.statusCode()).as("sign-in of %s", userName).isEqualTo(200);
        return json.readTree(login.body()).path("accessToken").asText();
    }

    private HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
