package dev.slipway.core.deployment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import dev.slipway.core.spec.CommitSha;

/** Records the commit that the deployment's ref resolved to. */
public record RecordCommitResolvedCommand(@TargetAggregateIdentifier DeploymentId deploymentId, CommitSha commit) {
}
