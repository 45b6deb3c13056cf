package dev.slipway.core.webhook;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request that a Git host sent to an application's webhook, as the route that received it read it.
 *
 * @param applicationId the application id from the request path, as sent; it may name no application
 * @param headers       the request headers, one value each; names are matched without regard to case
 * @param body          the exact bytes of the request body, which the signature covers
 * @param clientAddress the address the request came from
 * @param userAgent     the client's user agent, or null
 */
public record WebhookDelivery(String applicationId, Map<String, String> headers, byte[] body, String clientAddress,
                              String userAgent) {

    public WebhookDelivery {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    copy.put(name, value);
                }
            });
        }
        headers = copy;
        body = body == null ? new byte[0] : body.clone();
    }

    /** Returns the value of a header, or null when the request has none. */
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookDelivery delivery && applicationId.equals(delivery.applicationId)
                && headers.equals(delivery.headers) && Arrays.equals(body, delivery.body);
    }

    @Override
    public int hashCode() {
        return 31 * applicationId.hashCode() + Arrays.hashCode(body);
    }

    /** Shows the application and the body's size, never the headers, which may contain the GitLab token. */
    @Override
    public String toString() {
        return "WebhookDelivery[applicationId=" + applicationId + ", " + body.length + " bytes]";
    }
}
