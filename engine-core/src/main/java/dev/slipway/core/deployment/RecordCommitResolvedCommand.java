package dev.slipway.core.deployment;

import dev.slipway.core.spec.CommitSha;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records the commit that the deployment's ref resolved to. */
public record RecordCommitResolvedCommand(@TargetAggregateIdentifier DeploymentId deploymentId, CommitSha commit) {
}
