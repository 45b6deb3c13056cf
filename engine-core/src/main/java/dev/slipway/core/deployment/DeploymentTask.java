package dev.slipway.core.deployment;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;

/**
 * The ids a step needs to report its outcome: the deployment, its application, and the request that started it,
 * whose caller and correlation id every resulting command carries.
 */
record DeploymentTask(DeploymentId deploymentId, ApplicationId applicationId, RequestContext requestContext) {
}
