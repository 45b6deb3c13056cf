package dev.slipway.web;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.CreateApplicationCommand;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.runtime.HttpHealthCheck;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.CheckoutPath;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;

/**
 * Fields of a new application as both frontends accept them. Optional fields are null when absent.
 *
 * @param name            the application name
 * @param repositoryUrl   the Git repository
 * @param ref             the branch, tag or commit deployed by default
 * @param buildContext    the build context inside the repository, or null for the repository root
 * @param dockerfile      the Dockerfile relative to the build context, or null for {@code Dockerfile}
 * @param containerPort   the TCP port the application listens on inside its container
 * @param healthCheckPath the path of the HTTP health check, or null for {@code /}
 */
public record ApplicationInput(String name, String repositoryUrl, String ref, String buildContext, String dockerfile,
                               Integer containerPort, String healthCheckPath) {

    static final String MISSING = "must not be empty";

    /**
     * Validates every field and builds the command that creates the application on the local server.
     *
     * @throws InvalidInputException naming the first field that is missing or breaks its rule
     */
    public CreateApplicationCommand toCommand(ApplicationId applicationId) {
        ApplicationName applicationName = new ApplicationName(required("name", name));
        RepositoryUrl url = RepositoryUrl.parse(required("repositoryUrl", repositoryUrl));
        GitRef gitRef = new GitRef(required("ref", ref));
        CheckoutPath context = buildContext == null ? null : CheckoutPath.of("buildContext", buildContext);
        CheckoutPath file = dockerfile == null ? null : CheckoutPath.of("dockerfile", dockerfile);
        if (containerPort == null) {
            throw new InvalidInputException("containerPort", MISSING, null);
        }
        RuntimeSpec runtime = new RuntimeSpec(containerPort, healthCheck(), null);
        return new CreateApplicationCommand(applicationId, applicationName, new SourceSpec(url, gitRef, context, file),
                runtime, null);
    }

    private HttpHealthCheck healthCheck() {
        if (healthCheckPath == null) {
            return null;
        }
        try {
            return HttpHealthCheck.of(healthCheckPath);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("healthCheckPath", e.rule(), healthCheckPath);
        }
    }

    private static String required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(field, MISSING, null);
        }
        return value;
    }
}
