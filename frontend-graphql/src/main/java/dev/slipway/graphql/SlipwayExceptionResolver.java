package dev.slipway.graphql;

import dev.slipway.web.ApiError;
import dev.slipway.web.ErrorTranslator;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;

/**
 * Turns exceptions of data fetchers into GraphQL errors through the shared {@link ErrorTranslator}, with the
 * extensions {@code field}, {@code rule}, {@code value} (when the value may be shown) and {@code correlationId}.
 */
class SlipwayExceptionResolver extends DataFetcherExceptionResolverAdapter {

    private final ErrorTranslator translator;

    SlipwayExceptionResolver(ErrorTranslator translator) {
        this.translator = translator;
    }

    @Override
    protected GraphQLError resolveToSingleError(Throwable failure, DataFetchingEnvironment environment) {
        String correlationId = environment.getGraphQlContext().get(RequestContextInterceptor.CORRELATION_ID_KEY);
        ApiError error = translator.translate(failure,
                correlationId == null ? UUID.randomUUID().toString() : correlationId);
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
        return GraphqlErrorBuilder.newError(environment)
                .errorType(classification(error))
                .message(error.detail())
                .extensions(extensions)
                .build();
    }

    static SlipwayErrorType classification(ApiError error) {
        return switch (error.category()) {
            case INVALID_INPUT -> SlipwayErrorType.BAD_USER_INPUT;
            case NOT_FOUND -> SlipwayErrorType.NOT_FOUND;
            case CONFLICT -> SlipwayErrorType.CONFLICT;
            case UNPROCESSABLE -> SlipwayErrorType.UNPROCESSABLE;
            case INTERNAL -> SlipwayErrorType.INTERNAL_ERROR;
        };
    }
}
