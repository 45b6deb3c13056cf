package dev.slipway.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.web.ApiError;
import dev.slipway.web.ErrorTranslator;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** Writes RFC 9457 problem details from servlet filters, which run before Spring MVC's error handling. */
final class ProblemResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponses() {
    }

    static void unauthorized(HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        write(response, HttpStatus.UNAUTHORIZED, detail);
    }

    static void tooManyRequests(HttpServletResponse response, Duration retryAfter, String detail)
            throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
        write(response, HttpStatus.TOO_MANY_REQUESTS, detail);
    }

    static long retryAfterSeconds(Duration retryAfter) {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        write(response, status.value(), problem(status.value(), status.getReasonPhrase(), detail));
    }

    /** Writes an error of the shared {@link ErrorTranslator} with the properties that the REST controllers add. */
    static void write(HttpServletResponse response, ApiError error) throws IOException {
        Map<String, Object> problem = problem(error.status(), error.title(), error.detail());
        if (error.field() != null) {
            problem.put("field", error.field());
        }
        if (error.rule() != null) {
            problem.put("rule", error.rule());
        }
        if (error.rejectedValue() != null) {
            problem.put("value", error.rejectedValue());
        }
        problem.put("correlationId", error.correlationId());
        write(response, error.status(), problem);
    }

    private static Map<String, Object> problem(int status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return problem;
    }

    private static void write(HttpServletResponse response, int status, Map<String, Object> problem)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
