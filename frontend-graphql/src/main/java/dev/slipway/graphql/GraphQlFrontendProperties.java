package dev.slipway.graphql;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the GraphQL frontend, under {@code slipway.graphql}.
 *
 * @param maxQueryDepth the deepest field nesting a query may have. Deeper queries are rejected before any data
 *                      fetcher runs. The default of 15 admits the standard introspection query.
 */
@ConfigurationProperties("slipway.graphql")
public record GraphQlFrontendProperties(@DefaultValue("15") int maxQueryDepth) {

    public GraphQlFrontendProperties {
        if (maxQueryDepth < 1) {
            throw new IllegalArgumentException("Invalid slipway.graphql.max-query-depth '" + maxQueryDepth
                    + "': must be at least 1. Raise it or remove the property to use the default of 15.");
        }
    }
}
