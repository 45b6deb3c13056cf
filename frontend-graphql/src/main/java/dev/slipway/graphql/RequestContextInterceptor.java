package dev.slipway.graphql;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.RequestContextResolver;
import graphql.GraphQLContext;
import graphql.introspection.Introspection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Copies the request context that the servlet filter resolved into the GraphQL context, so that data fetchers send
 * commands and queries with the same caller, address and correlation id as the REST frontend would. It also
 * switches schema introspection off for the request unless {@code slipway.graphql.introspection} is true.
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
        return chain.next(request);
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
