package dev.slipway.core.deployment;

import dev.slipway.core.application.ApplicationId;

/**
 * Records that a deployment's build waits for a build slot; the read model shows the deployment as QUEUED with the
 * reason until {@link BuildSlotTakenEvent}.
 *
 * @param deploymentId  the deployment
 * @param applicationId its application
 * @param reason        which slot it waits for
 */
public record BuildSlotAwaitedEvent(DeploymentId deploymentId, ApplicationId applicationId, String reason) {
}
