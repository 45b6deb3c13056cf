package dev.slipway.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.ApiError;
import dev.slipway.web.ErrorTranslator;
import dev.slipway.web.RequestContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every failure of the REST controllers as RFC 9457 problem details with the properties {@code field},
 * {@code rule}, {@code value} (when the value may be shown) and {@code correlationId}. Engine exceptions go through
 * the shared {@link ErrorTranslator}. Spring MVC's own exceptions inside these controllers keep Spring's wording and
 * gain the correlation id. Failures raised before a handler is chosen, such as 404 for an unknown path or 405, are
 * outside this advice and go to Spring Boot's error handling.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = {ApplicationController.class, DeploymentController.class,
        DeploymentCancelController.class, AuditController.class, ReadModelController.class,
        ConfigurationController.class, GitCredentialController.class, DeploymentLogController.class,
        WebhookController.class})
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final String BODY_RULE = "must be a JSON object with the documented fields";

    private final ErrorTranslator translator;
    private final RequestContextResolver contexts;

    ProblemDetailsAdvice(ErrorTranslator translator, RequestContextResolver contexts) {
        this.translator = translator;
        this.contexts = contexts;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleFailure(Exception failure, HttpServletRequest request) {
        return problem(translator.translate(failure, contexts.correlationId(request)));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException failure,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        InvalidInputException rejection = bodyRejection(failure);
        ApiError error = translator.translate(rejection, contexts.correlationId(servletRequest(request)));
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(toProblem(error));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception failure, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(failure, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            problem.setProperty("correlationId", contexts.correlationId(servletRequest(request)));
        }
        return response;
    }

    static ResponseEntity<ProblemDetail> problem(ApiError error) {
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(toProblem(error));
    }

    private static ProblemDetail toProblem(ApiError error) {
        HttpStatusCode status = HttpStatusCode.valueOf(error.status());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, error.detail());
        problem.setTitle(error.title());
        if (error.field() != null) {
            problem.setProperty("field", error.field());
        }
        if (error.rule() != null) {
            problem.setProperty("rule", error.rule());
        }
        if (error.rejectedValue() != null) {
            problem.setProperty("value", error.rejectedValue());
        }
        problem.setProperty("correlationId", error.correlationId());
        return problem;
    }

    /**
     * Names the body field that Jackson could not read, such as {@code containerPort} given as text. A body that is
     * missing or is no JSON object is reported on the field {@code body}.
     */
    private static InvalidInputException bodyRejection(HttpMessageNotReadableException failure) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidInputException invalid) {
                return invalid;
            }
            if (cause instanceof JsonParseException parse && parse.getOriginalMessage() != null
                    && parse.getOriginalMessage().startsWith("Duplicate field")) {
                JsonParser parser = parse.getProcessor();
                String field = parser == null ? null : parser.getParsingContext().getCurrentName();
                return InvalidInputException.withoutValue(field == null ? "body" : field,
                        "must appear once in the body");
            }
            if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
                String field = mismatch.getPath().stream()
                        .map(ProblemDetailsAdvice::pathElement)
                        .collect(Collectors.joining("."));
                String rule = mismatch instanceof UnrecognizedPropertyException
                        ? "is not a known field" : typeRule(mismatch.getTargetType());
                return InvalidInputException.withoutValue(field, rule);
            }
        }
        return InvalidInputException.withoutValue("body", BODY_RULE);
    }

    private static String pathElement(JsonMappingException.Reference reference) {
        return reference.getFieldName() != null ? reference.getFieldName() : Integer.toString(reference.getIndex());
    }

    private static String typeRule(Class<?> targetType) {
        if (targetType == null) {
            return "has the wrong JSON type";
        }
        if (targetType == Integer.class || targetType == int.class) {
            return "must be a whole number";
        }
        if (targetType == String.class) {
            return "must be a JSON string";
        }
        if (targetType == Boolean.class || targetType == boolean.class) {
            return "must be true or false";
        }
        return "has the wrong JSON type";
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
    }
}
