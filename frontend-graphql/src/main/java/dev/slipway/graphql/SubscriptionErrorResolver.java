package dev.slipway.graphql;

import dev.slipway.web.ApiError;
import dev.slipway.web.ErrorTranslator;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;

/**
 * Turns exceptions raised by a subscription's stream, such as a deployment that does not exist, into GraphQL
 * errors through the shared {@link ErrorTranslator}, with the same classification as query and mutation errors.
 * A subscription's stream has no request context, so each error gets a correlation id of its own.
 */
class SubscriptionErrorResolver extends SubscriptionExceptionResolverAdapter {

    private final ErrorTranslator translator;

    SubscriptionErrorResolver(ErrorTranslator translator) {
        this.translator = translator;
    }

    @Override
    protected GraphQLError resolveToSingleError(Throwable failure) {
        ApiError error = translator.translate(failure, UUID.randomUUID().toString());
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (error.field() != null) {
            extensions.put("field", error.field());
        }
        if (error.rule() != null) {
            extensions.put("rule", error.rule());
        }
        if (error.rejectedValue() != null) {
            extensions.put("value", error.rejectedValue());
        }
        extensions.put("correlationId", error.correlationId());
        return GraphqlErrorBuilder.newError()
                .errorType(SlipwayExceptionResolver.classification(error))
                .message(error.detail())
                .extensions(extensions)
                .build();
    }
}
