package dev.slipway.core.webhook;

import dev.slipway.core.SlipwayException;

/**
 * Thrown when a webhook delivery is not authenticated: the application does not exist, has no webhook, or the
 * signature or token is missing or wrong. The message is the same in every case, so a sender learns nothing about
 * which applications exist.
 */
public class WebhookRejectedException extends SlipwayException {

    private static final long serialVersionUID = 1L;

    /** The message of every rejection. */
    public static final String MESSAGE = "The webhook delivery is not authenticated: send the X-Hub-Signature-256"
            + " header with the HMAC-SHA256 of the body, or the X-Gitlab-Token header, made with the webhook's"
            + " current secret.";

    public WebhookRejectedException() {
        super(MESSAGE);
    }
}
