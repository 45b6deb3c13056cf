package dev.slipway.core.webhook;

import dev.slipway.core.application.ApplicationId;

/**
 * A webhook as its creation returns it, the only time its secret is readable.
 *
 * @param applicationId the application whose pushes it deploys
 * @param path          the path to which the Git host sends deliveries, {@code /api/webhooks/<applicationId>}
 * @param secret        the shared secret: 32 random bytes in base64url without padding
 */
public record CreatedWebhook(ApplicationId applicationId, String path, String secret) {

    @Override
    public String toString() {
        return "CreatedWebhook[applicationId=" + applicationId + ", path=" + path + "]";
    }
}
