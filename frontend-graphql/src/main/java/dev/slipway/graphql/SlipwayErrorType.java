package dev.slipway.graphql;

import graphql.ErrorClassification;

/** Classifications of the errors that the GraphQL frontend reports, in each error's {@code classification}. */
public enum SlipwayErrorType implements ErrorClassification {

    /** An argument breaks the rule of its field, which the extensions name together with the rule. */
    BAD_USER_INPUT,
    /** The caller may see the resource but lacks the role or token scope that the request needs. */
    FORBIDDEN,
    /** The resource does not exist, or the caller may not see it. */
    NOT_FOUND,
    /** The request conflicts with the current state of the resource. */
    CONFLICT,
    /** The request is valid but the engine could not carry it out. */
    UNPROCESSABLE,
    /** The engine failed. The extensions carry only the correlation id, and the details are in the server log. */
    INTERNAL_ERROR
}
