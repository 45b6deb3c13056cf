package dev.slipway.graphql;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.webhook.CreatedWebhook;
import dev.slipway.core.webhook.Webhooks;
import graphql.GraphQLContext;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** Resolves the mutations of {@code webhook.graphqls} through the engine's {@link Webhooks}. */
@Controller
class WebhookGraphQlController {

    private final Webhooks webhooks;

    WebhookGraphQlController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @MutationMapping
    CreatedWebhook createWebhook(@Argument String applicationId, GraphQLContext context) {
        return webhooks.create(RequestContextInterceptor.requestContext(context), ApplicationId.of(applicationId));
    }

    @MutationMapping
    boolean removeWebhook(@Argument String applicationId, GraphQLContext context) {
        webhooks.remove(RequestContextInterceptor.requestContext(context), ApplicationId.of(applicationId));
        return true;
    }
}
