package dev.slipway.graphql;

import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejects a mutation operation with more than a maximum number of top-level fields before any field runs. The rate
 * limits count HTTP requests, and each top-level field of a mutation is a command of its own, so without this limit
 * aliases would let one request queue any number of deployments or configuration changes.
 * <p>
 * The count is taken after fragments are expanded, {@code @skip} and {@code @include} are applied and fields with
 * the same response key are merged, so it is the number of mutation fields that would run.
 */
final class MaxMutationFieldsInstrumentation extends SimplePerformantInstrumentation {

    private static final Logger log = LoggerFactory.getLogger(MaxMutationFieldsInstrumentation.class);

    private final int maxMutationFields;

    /** Creates the instrumentation for {@code maxMutationFields}, which must be at least 1. */
    MaxMutationFieldsInstrumentation(int maxMutationFields) {
        this.maxMutationFields = maxMutationFields;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        if (execution.isMutationOperation()) {
            int fields = execution.getNormalizedQueryTree().get().getTopLevelFields().size();
            if (fields > maxMutationFields) {
                Object correlationId = execution.getGraphQLContext().get(RequestContextInterceptor.CORRELATION_ID_KEY);
                log.warn("request [{}] rejected: its mutation has {} top-level fields, the maximum is {}",
                        correlationId, fields, maxMutationFields);
                throw new AbortExecutionException(List.of(tooManyFields(execution, fields)));
            }
        }
        return super.beginExecuteOperation(parameters, state);
    }

    private GraphQLError tooManyFields(ExecutionContext execution, int fields) {
        String message = "Invalid mutation: it has " + fields + " top-level fields, but a request may run at most "
                + maxMutationFields + ". Send the remaining mutations in further requests.";
        GraphqlErrorBuilder<?> error = GraphqlErrorBuilder.newError()
                .errorType(ErrorType.ValidationError)
                .message("%s", message);
        if (execution.getOperationDefinition().getSourceLocation() != null) {
            error.location(execution.getOperationDefinition().getSourceLocation());
        }
        return error.build();
    }
}
