package dev.slipway.core.deployment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that a requested deployment waits because another deployment of its application runs. Sent by the engine.
 *
 * @param deploymentId the waiting deployment
 * @param runningDeploymentId the deployment of the same application that runs now
 * @param position     the place in the application's queue, 1 for the next to run
 */
public record QueueDeploymentCommand(@TargetAggregateIdentifier DeploymentId deploymentId,
                                     DeploymentId runningDeploymentId, int position) {
}
