package dev.slipway.web;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.access.AccessDeniedException;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.InvalidInputException;
import java.util.Locale;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * Translates any exception that reaches a frontend into an {@link ApiError}, the one mapping that REST and GraphQL
 * share. It first removes the wrappers that Axon and futures add, then maps:
 * <ul>
 *     <li>{@link InvalidInputException} to {@link ErrorCategory#INVALID_INPUT} with the field, rule and value,</li>
 *     <li>Spring Security's {@link RequestRejectedException}, such as a parameter name with a control character, to
 *     {@link ErrorCategory#INVALID_INPUT} with the rejected part of the request and its rule, never the rejected
 *     text,</li>
 *     <li>{@link NotFoundException} and Axon's {@link AggregateNotFoundException} to {@link ErrorCategory#NOT_FOUND},
 *     worded alike so that a caller cannot tell a hidden resource from a missing one,</li>
 *     <li>{@link AccessDeniedException}, a caller lacking a role or token scope, to {@link ErrorCategory#FORBIDDEN},
 *     </li>
 *     <li>Axon's {@link ConflictingModificationException} and other {@link SlipwayException}s to
 *     {@link ErrorCategory#CONFLICT}, and {@link StepFailedException} to {@link ErrorCategory#UNPROCESSABLE},</li>
 *     <li>anything else to {@link ErrorCategory#INTERNAL} with only the correlation id. The exception itself is
 *     logged at error level.</li>
 * </ul>
 * Only messages of {@link SlipwayException}s reach the client, because the engine writes those for users and keeps
 * secrets out of them.
 */
public class ErrorTranslator {

    private static final Logger log = LoggerFactory.getLogger(ErrorTranslator.class);

    /** Returns the client's view of {@code failure}, and logs it. */
    public ApiError translate(Throwable failure, String correlationId) {
        Throwable cause = EngineFailures.unwrap(failure);
        if (cause instanceof RequestRejectedException rejected) {
            cause = FirewallRejections.invalidInput(rejected);
        }
        if (cause instanceof InvalidInputException invalid) {
            log.warn("request [{}] rejected: field [{}] {}", correlationId, invalid.field(), invalid.rule());
            return new ApiError(ErrorCategory.INVALID_INPUT, invalid.getMessage(), invalid.field(), invalid.rule(),
                    invalid.rejectedValue(), correlationId);
        }
        if (cause instanceof NotFoundException notFound) {
            log.warn("request [{}] found no {} [{}]", correlationId, notFound.resourceType(), notFound.resourceId());
            return notFound(notFound.resourceType(), notFound.resourceId(), correlationId);
        }
        if (cause instanceof AggregateNotFoundException notFound) {
            log.warn("request [{}] found no aggregate [{}]", correlationId, notFound.getAggregateIdentifier());
            return notFound("resource", String.valueOf(notFound.getAggregateIdentifier()), correlationId);
        }
        if (cause instanceof AccessDeniedException denied) {
            log.warn("request [{}] denied: {}", correlationId, denied.getMessage());
            return simple(ErrorCategory.FORBIDDEN, denied.getMessage(), correlationId);
        }
        if (cause instanceof ConflictingModificationException) {
            log.warn("request [{}] conflicted with a concurrent change", correlationId);
            return simple(ErrorCategory.CONFLICT, "The resource was changed by another request at the same time."
                    + " Read it again and retry.", correlationId);
        }
        if (cause instanceof StepFailedException stepFailed) {
            log.warn("request [{}] could not be carried out: {}", correlationId, stepFailed.getMessage());
            return simple(ErrorCategory.UNPROCESSABLE, stepFailed.getMessage(), correlationId);
        }
        if (cause instanceof SlipwayException conflict) {
            log.warn("request [{}] conflicts with the current state: {}", correlationId, conflict.getMessage());
            return simple(ErrorCategory.CONFLICT, conflict.getMessage(), correlationId);
        }
        log.error("request [{}] failed in the engine", correlationId, cause);
        return internal(correlationId);
    }

    /** Returns the error of a resource that does not exist, worded the same for every way of finding it missing. */
    public ApiError notFound(String resourceType, String resourceId, String correlationId) {
        String detail = capitalize(resourceType) + " '" + resourceId + "' not found. Check the id.";
        return simple(ErrorCategory.NOT_FOUND, detail, correlationId);
    }

    /** Returns an internal error whose detail contains only the correlation id. */
    public ApiError internal(String correlationId) {
        return simple(ErrorCategory.INTERNAL, "The server failed to process the request. Report the correlation id '"
                + correlationId + "' to the operator.", correlationId);
    }

    private static ApiError simple(ErrorCategory category, String detail, String correlationId) {
        return new ApiError(category, detail, null, null, null, correlationId);
    }

    private static String capitalize(String text) {
        if (text == null || text.isEmpty()) {
            return "Resource";
        }
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }
}
