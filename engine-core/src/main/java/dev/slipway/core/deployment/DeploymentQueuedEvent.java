package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/**
 * Records that a requested deployment waits in its application's lane because another deployment of the
 * application owns it. Applied by the application aggregate; deployments requested before the lane was part of the
 * application stored it in their own stream.
 *
 * @param deploymentId        the waiting deployment
 * @param applicationId       its application
 * @param runningDeploymentId the deployment of the same application that owned the lane when this one was queued
 * @param position            the place in the queue at that moment, 1 for the next to run
 */
public record DeploymentQueuedEvent(DeploymentId deploymentId, ApplicationId applicationId,
                                    DeploymentId runningDeploymentId, int position) {
}
