package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.spec.CommitSha;

/** Records that the commit was checked out into the deployment's work directory. */
public record SourceCheckedOutEvent(DeploymentId deploymentId, ApplicationId applicationId, CommitSha commit) {
}
