package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationConfiguration;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;

/**
 * Records that a deployment was requested, with the application's configuration at that moment. The
 * {@code configuration} (environment variables, build arguments and their version) is
 * {@link ApplicationConfiguration#EMPTY} for events stored before deployments recorded it. {@code rollbackOf} is
 * the release of an earlier deployment whose image this deployment starts again without cloning or building, or
 * null for a deployment that builds its own image.
 */
public record DeploymentRequestedEvent(DeploymentId deploymentId, ApplicationId applicationId,
                                       ApplicationName applicationName, SourceSpec source, RuntimeSpec runtime,
                                       ServerId serverId, Release previousRelease,
                                       ApplicationConfiguration configuration, Release rollbackOf) {

    public DeploymentRequestedEvent {
        configuration = configuration == null ? ApplicationConfiguration.EMPTY : configuration;
    }

    /** Creates the event of a deployment that builds its own image. */
    public DeploymentRequestedEvent(DeploymentId deploymentId, ApplicationId applicationId,
                                    ApplicationName applicationName, SourceSpec source, RuntimeSpec runtime,
                                    ServerId serverId, Release previousRelease,
                                    ApplicationConfiguration configuration) {
        this(deploymentId, applicationId, applicationName, source, runtime, serverId, previousRelease, configuration,
                null);
    }

    /** Creates the event of a deployment that uses no environment variables or build arguments. */
    public DeploymentRequestedEvent(DeploymentId deploymentId, ApplicationId applicationId,
                                    ApplicationName applicationName, SourceSpec source, RuntimeSpec runtime,
                                    ServerId serverId, Release previousRelease) {
        this(deploymentId, applicationId, applicationName, source, runtime, serverId, previousRelease, null, null);
    }
}
