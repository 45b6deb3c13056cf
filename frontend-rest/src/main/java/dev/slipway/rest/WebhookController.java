package dev.slipway.rest;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.webhook.CreatedWebhook;
import dev.slipway.core.webhook.WebhookDelivery;
import dev.slipway.core.webhook.WebhookRejectedException;
import dev.slipway.core.webhook.WebhookResult;
import dev.slipway.core.webhook.Webhooks;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Manages the push webhook of an application under {@code /api/applications/{applicationId}/webhook} and receives
 * its deliveries at {@code POST /api/webhooks/{applicationId}}. The delivery route needs no bearer token, because the
 * engine authenticates each delivery by its signature over the exact bytes of the body.
 */
@RestController
class WebhookController {

    /**
     * The body of every rejected delivery. It has no {@code instance} or correlation id, so that a rejection for an
     * unknown application reads exactly like one for a wrong signature.
     */
    private static final Map<String, Object> REJECTION = rejection();

    private final Webhooks webhooks;
    private final RequestContextResolver contexts;

    WebhookController(Webhooks webhooks, RequestContextResolver contexts) {
        this.webhooks = webhooks;
        this.contexts = contexts;
    }

    /** Creates the webhook, or replaces its secret, and returns the secret this one time (201). */
    @PostMapping("/api/applications/{applicationId}/webhook")
    ResponseEntity<CreatedWebhook> create(@PathVariable String applicationId, HttpServletRequest request) {
        CreatedWebhook created = webhooks.create(contexts.resolve(request), ApplicationId.of(applicationId));
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @DeleteMapping("/api/applications/{applicationId}/webhook")
    ResponseEntity<Void> remove(@PathVariable String applicationId, HttpServletRequest request) {
        webhooks.remove(contexts.resolve(request), ApplicationId.of(applicationId));
        return ResponseEntity.noContent().build();
    }

    /**
     * Receives a delivery: 200 for a ping, 202 with {@code deploymentId} for a push that requested a deployment, 202
     * with {@code ignored} and the reason for any other event, and 401 with the same body whenever the delivery is
     * not authenticated.
     */
    @PostMapping(Webhooks.DELIVERY_PATH + "{applicationId}")
    ResponseEntity<Object> receive(@PathVariable String applicationId, @RequestHeader HttpHeaders headers,
                                   HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        RequestContext context = contexts.resolve(request);
        WebhookDelivery delivery = new WebhookDelivery(applicationId, headers.toSingleValueMap(), body,
                context.clientAddress(), context.userAgent());
        WebhookResult result;
        try {
            result = webhooks.receive(delivery);
        } catch (WebhookRejectedException e) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(REJECTION);
        }
        return switch (result.outcome()) {
            case PONG -> ResponseEntity.ok(Map.of("pong", true));
            case IGNORED -> ResponseEntity.accepted().body(Map.of("ignored", result.ignoredReason()));
            case DEPLOYMENT_REQUESTED -> ResponseEntity.accepted()
                    .location(URI.create(request.getContextPath() + "/api/deployments/" + result.deploymentId()))
                    .body(Map.of("deploymentId", result.deploymentId().toString()));
        };
    }

    private static Map<String, Object> rejection() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", HttpStatus.UNAUTHORIZED.getReasonPhrase());
        body.put("status", HttpStatus.UNAUTHORIZED.value());
        body.put("detail", WebhookRejectedException.MESSAGE);
        return Collections.unmodifiableMap(body);
    }
}
