package dev.slipway.graphql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds the GraphQL input values that the frontend tests send. */
final class GraphQlInputs {

    private GraphQlInputs() {
    }

    /**
     * Returns a mutable {@code CreateApplicationInput} that deploys branch {@code main} and exposes port 8080,
     * so a test can add fields before sending it.
     */
    static Map<String, Object> applicationInput(String name, String repositoryUrl) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", name);
        input.put("repositoryUrl", repositoryUrl);
        input.put("ref", "main");
        input.put("containerPort", 8080);
        return input;
    }

    /** Returns an application name that no other test uses. */
    static String uniqueName() {
        return "app-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
