package dev.slipway.graphql;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.RequestContextResolver;
import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.introspection.Introspection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/**
 * Copies the request context that the servlet filter resolved into the GraphQL context, so that data fetchers send
 * commands and queries with the same caller, address and correlation id as the REST frontend would. It also
 * switches schema introspection off for the request unless {@code slipway.graphql.introspection} is true. It rejects
 * a subscription sent without {@code Accept: text/event-stream}, because only the server-sent event transport
 * streams one.
 */
class RequestContextInterceptor implements WebGraphQlInterceptor {

    static final String CORRELATION_ID_KEY = "slipway.correlationId";
    static final String CONTEXT_KEY = "slipway.requestContext";
    static final String REJECTION_KEY = "slipway.requestRejection";

    private final RequestContextResolver resolver;
    private final boolean introspection;

    RequestContextInterceptor(RequestContextResolver resolver, boolean introspection) {
        this.resolver = resolver;
        this.introspection = introspection;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        Map<String, Object> attributes = request.getAttributes();
        Map<String, Object> values = new HashMap<>();
        values.put(CORRELATION_ID_KEY, resolver.correlationIdFromAttributes(attributes));
        try {
            values.put(CONTEXT_KEY, resolver.fromAttributes(attributes));
        } catch (InvalidInputException rejection) {
            values.put(REJECTION_KEY, rejection);
        }
        if (!introspection) {
            values.put(Introspection.INTROSPECTION_DISABLED, true);
        }
        request.configureExecutionInput((input, builder) -> builder.graphQLContext(values).build());
        return chain.next(request).map(response -> rejectUnstreamedSubscription(request, response));
    }

    /**
     * Replaces the result of a subscription that arrived over plain HTTP with an error. Without this, the plain HTTP
     * transport would serialize the subscription's unsubscribed stream object as if it were data.
     */
    private static WebGraphQlResponse rejectUnstreamedSubscription(WebGraphQlRequest request,
                                                                   WebGraphQlResponse response) {
        boolean streamed = request.getHeaders().getAccept().stream()
                .anyMatch(MediaType.TEXT_EVENT_STREAM::equalsTypeAndSubtype);
        if (streamed || !(response.getExecutionResult().getData() instanceof Publisher<?>)) {
            return response;
        }
        GraphQLError error = GraphqlErrorBuilder.newError()
                .message("Invalid request: a subscription streams as server-sent events, so send it with the header"
                        + " 'Accept: text/event-stream'")
                .errorType(SlipwayErrorType.BAD_USER_INPUT)
                .build();
        return response.transform(builder -> builder.data(null).errors(List.of(error)));
    }

    /**
     * Returns the request context stored in a GraphQL context.
     *
     * @throws InvalidInputException when the request named an invalid caller
     * @throws IllegalStateException when this interceptor did not run for the request
     */
    static RequestContext requestContext(GraphQLContext graphQlContext) {
        InvalidInputException rejection = graphQlContext.get(REJECTION_KEY);
        if (rejection != null) {
            throw rejection;
        }
        RequestContext context = graphQlContext.get(CONTEXT_KEY);
        if (context == null) {
            throw new IllegalStateException("No request context in the GraphQL context: register "
                    + RequestContextInterceptor.class.getSimpleName() + " as a WebGraphQlInterceptor");
        }
        return context;
    }
}
