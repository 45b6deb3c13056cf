package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/**
 * Records that a deployment waits in its application's queue.
 *
 * @param deploymentId        the waiting deployment
 * @param applicationId       its application
 * @param runningDeploymentId the deployment of the same application that ran when this one was queued
 * @param position            the place in the queue at that moment, 1 for the next to run
 */
public record DeploymentQueuedEvent(DeploymentId deploymentId, ApplicationId applicationId,
                                    DeploymentId runningDeploymentId, int position) {
}
