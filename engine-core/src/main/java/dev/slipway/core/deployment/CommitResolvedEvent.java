package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;

/** Records the exact commit that the deployment's ref pointed at. */
public record CommitResolvedEvent(DeploymentId deploymentId, ApplicationId applicationId, GitRef ref,
                                  CommitSha commit) {
}
