package dev.slipway.rest;

import dev.slipway.web.ErrorTranslator;
import dev.slipway.web.RequestContextResolver;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders failures of the team controller as problem details, exactly as {@link ProblemDetailsAdvice} does. */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = TeamController.class)
class TeamProblemDetailsAdvice extends ProblemDetailsAdvice {

    TeamProblemDetailsAdvice(ErrorTranslator translator, RequestContextResolver contexts) {
        super(translator, contexts);
    }
}
