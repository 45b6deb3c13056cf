package dev.slipway.core.webhook;

import dev.slipway.core.deployment.DeploymentId;

/**
 * The result of a verified delivery to an application's webhook.
 *
 * @param outcome       the kind of result
 * @param deploymentId  the requested deployment, or the earlier one of the same delivery id; null unless
 *                      {@link Outcome#DEPLOYMENT_REQUESTED}
 * @param ignoredReason why no deployment was requested; null unless {@link Outcome#IGNORED}
 */
public record WebhookResult(Outcome outcome, DeploymentId deploymentId, String ignoredReason) {

    /** The kinds of result. */
    public enum Outcome {
        /** A ping that checks the webhook's URL and secret. */
        PONG,
        /** A push to the application's branch, which requested a deployment of that branch. */
        DEPLOYMENT_REQUESTED,
        /** An event that deploys nothing, such as a push to another branch, a tag or a branch deletion. */
        IGNORED
    }

    static WebhookResult pong() {
        return new WebhookResult(Outcome.PONG, null, null);
    }

    static WebhookResult requested(DeploymentId deploymentId) {
        return new WebhookResult(Outcome.DEPLOYMENT_REQUESTED, deploymentId, null);
    }

    static WebhookResult ignored(String reason) {
        return new WebhookResult(Outcome.IGNORED, null, reason);
    }
}
