package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/**
 * Records the idempotency key of a deployment request, so that a later request of the application with the same
 * key returns {@code deploymentId}. Applied by the application aggregate.
 *
 * @param applicationId  the application
 * @param idempotencyKey the key of the request
 * @param deploymentId   the deployment the request created
 */
public record IdempotencyKeyRecordedEvent(ApplicationId applicationId, IdempotencyKey idempotencyKey,
                                          DeploymentId deploymentId) {
}
