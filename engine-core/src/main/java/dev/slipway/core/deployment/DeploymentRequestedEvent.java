package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.Release;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.server.ServerId;
import dev.slipway.core.spec.ApplicationName;

/** Records that a deployment was requested, with the application's configuration at that moment. */
public record DeploymentRequestedEvent(DeploymentId deploymentId, ApplicationId applicationId, ApplicationName applicationName,
                                       SourceSpec source, RuntimeSpec runtime, ServerId serverId,
                                       Release previousRelease) {
}
