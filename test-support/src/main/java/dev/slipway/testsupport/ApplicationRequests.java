package dev.slipway.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds application creation requests, which the REST body and the GraphQL {@code CreateApplicationInput} share
 * field for field.
 */
public final class ApplicationRequests {

    private ApplicationRequests() {
    }

    /** Returns an application name that no other test uses. */
    public static String uniqueName() {
        return "app-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Returns a mutable creation request that deploys branch {@code main} and exposes port 8080, so a test can add
     * fields before sending it.
     */
    public static Map<String, Object> applicationBody(String name, String repositoryUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("repositoryUrl", repositoryUrl);
        body.put("ref", "main");
        body.put("containerPort", 8080);
        return body;
    }
}
