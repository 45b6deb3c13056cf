package dev.slipway.graphql;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the GraphQL frontend, under {@code slipway.graphql}.
 *
 * @param maxQueryDepth      the deepest field nesting a query may have. Deeper queries are rejected before any
 *                           data fetcher runs. The default of 15 admits the standard introspection query.
 * @param maxQueryComplexity the most fields a query may select, counting each field of each alias and fragment
 *                           once. Larger queries are rejected before any data fetcher runs. The fields
 *                           auditChainVerification, replayReadModels and replayReadModel read the whole event
 *                           store, so each counts as more than half of this limit and a request runs at most one.
 *                           A field with a page size argument (first or limit) counts half its page size more, so
 *                           the pages of one request hold fewer than twice this many entries in total.
 * @param maxMutationFields  the maximum number of top-level fields of a mutation, counting each alias and each field
 *                           of a fragment. Each such field is a command of its own, such as a deployment, while
 *                           the rate limits count requests. Larger mutations are rejected before any field runs.
 * @param introspection      whether clients may query the schema with {@code __schema} and {@code __type}; off
 *                           by default, so that only clients that know the published schema can use the API
 */
@ConfigurationProperties("slipway.graphql")
public record GraphQlFrontendProperties(@DefaultValue("15") int maxQueryDepth,
                                        @DefaultValue("1000") int maxQueryComplexity,
                                        @DefaultValue("10") int maxMutationFields,
                                        @DefaultValue("false") boolean introspection) {

    public GraphQlFrontendProperties {
        if (maxQueryDepth < 1) {
            throw new IllegalArgumentException("Invalid slipway.graphql.max-query-depth '" + maxQueryDepth
                    + "': must be at least 1. Raise it or remove the property to use the default of 15.");
        }
        if (maxQueryComplexity < 1) {
            throw new IllegalArgumentException("Invalid slipway.graphql.max-query-complexity '" + maxQueryComplexity
                    + "': must be at least 1. Raise it or remove the property to use the default of 1000.");
        }
        if (maxMutationFields < 1) {
            throw new IllegalArgumentException("Invalid slipway.graphql.max-mutation-fields '" + maxMutationFields
                    + "': must be at least 1. Raise it or remove the property to use the default of 10.");
        }
    }
}
