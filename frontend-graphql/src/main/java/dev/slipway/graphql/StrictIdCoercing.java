package dev.slipway.graphql;

import graphql.GraphQLContext;
import graphql.Scalars;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Coerces the {@code ID} scalar like graphql-java's own, except that a variable must be a JSON string or integer, as
 * the GraphQL specification's input coercion of {@code ID} requires. graphql-java 24.3 turns any other variable value
 * into a string with {@code String.valueOf}, so a JSON object would reach a data fetcher as {@code "{a=1}"}.
 */
final class StrictIdCoercing implements Coercing<Object, Object> {

    /** The {@code ID} scalar with this coercing, to replace the built-in one in the runtime wiring. */
    static final GraphQLScalarType ID = GraphQLScalarType.newScalar(Scalars.GraphQLID)
            .coercing(new StrictIdCoercing())
            .build();

    @SuppressWarnings("unchecked")
    private static final Coercing<Object, Object> STANDARD = (Coercing<Object, Object>) Scalars.GraphQLID.getCoercing();

    @Override
    public Object serialize(Object dataFetcherResult, GraphQLContext context, Locale locale) {
        return STANDARD.serialize(dataFetcherResult, context, locale);
    }

    @Override
    public Object parseValue(Object input, GraphQLContext context, Locale locale) {
        if (!(input instanceof String || input instanceof Integer || input instanceof Long
                || input instanceof BigInteger)) {
            throw new CoercingParseValueException("an ID must be a string or an integer, but the value is "
                    + kind(input) + ".");
        }
        return STANDARD.parseValue(input, context, locale);
    }

    @Override
    public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
        return STANDARD.parseLiteral(input, variables, context, locale);
    }

    @Override
    public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
        return STANDARD.valueToLiteral(input, context, locale);
    }

    /** Names the JSON kind of a rejected value without printing it, because its Java form means nothing to a client. */
    private static String kind(Object input) {
        if (input instanceof Map) {
            return "an object";
        }
        if (input instanceof List) {
            return "an array";
        }
        if (input instanceof Boolean) {
            return "a boolean";
        }
        if (input instanceof Number) {
            return "a number with a fraction";
        }
        return "of type " + input.getClass().getSimpleName();
    }
}
