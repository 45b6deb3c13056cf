package dev.slipway.core.application;

import dev.slipway.core.deployment.DeploymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Removes an ended deployment from its application's lane and, when that deployment owned the lane, admits the
 * next queued deployment of the application. Sent by the engine when a deployment succeeded, failed or was
 * cancelled, and again when a deployment could not start. A repeated command changes nothing.
 *
 * @param applicationId       the application
 * @param endedDeploymentId   the deployment that ended
 */
public record AdmitNextDeploymentCommand(@TargetAggregateIdentifier ApplicationId applicationId,
                                         DeploymentId endedDeploymentId) {
}
