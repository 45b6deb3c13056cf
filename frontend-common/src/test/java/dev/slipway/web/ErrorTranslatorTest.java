package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.core.NotFoundException;
import dev.slipway.core.SlipwayException;
import dev.slipway.core.access.AccessDeniedException;
import dev.slipway.core.spec.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

class ErrorTranslatorTest {

    private static final String REJECTED_TEXT = "rejected-text-42";

    private final ErrorTranslator translator = new ErrorTranslator();

    @Test
    void translateInvalidInputKeepsFieldRuleAndValue() {
        ApiError error = translator.translate(new InvalidInputException("name", "must be lower case", "My_App"), "c1");

        assertThat(error.category()).isEqualTo(ErrorCategory.INVALID_INPUT);
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.field()).isEqualTo("name");
        assertThat(error.rule()).isEqualTo("must be lower case");
        assertThat(error.rejectedValue()).isEqualTo("My_App");
        assertThat(error.correlationId()).isEqualTo("c1");
    }

    @Test
    void translateUnwrapsAxonAndFutureWrappers() {
        InvalidInputException cause = new InvalidInputException("ref", "must be a ref", "-x");
        Throwable wrapped = new CompletionException(new QueryExecutionException("query failed",
                new CommandExecutionException("command failed", cause)));

        ApiError error = translator.translate(wrapped, "c2");

        assertThat(error.category()).isEqualTo(ErrorCategory.INVALID_INPUT);
        assertThat(error.field()).isEqualTo("ref");
    }

    @Test
    void translateAggregateNotFoundReadsLikeUnknownId() {
        ApiError fromEngine = translator.translate(new NotFoundException("resource", "42"), "c3");
        ApiError fromAxon = translator.translate(new AggregateNotFoundException("42", "no aggregate"), "c3");

        assertThat(fromAxon.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(fromAxon.detail()).isEqualTo(fromEngine.detail());
        assertThat(fromAxon.detail()).doesNotContain("aggregate");
    }

    @Test
    void translateAccessDeniedAsForbidden() {
        Throwable wrapped = new CommandExecutionException("command failed",
                new AccessDeniedException("Caller 'user:bob' may not send DeleteApplicationCommand."));

        ApiError error = translator.translate(wrapped, "c5");

        assertThat(error.category()).isEqualTo(ErrorCategory.FORBIDDEN);
        assertThat(error.status()).isEqualTo(403);
        assertThat(error.detail()).isEqualTo("Caller 'user:bob' may not send DeleteApplicationCommand.");
    }

    @Test
    void translateEngineExceptionAsConflict() {
        ApiError error = translator.translate(new SlipwayException("Deployment is already running."), "c4");

        assertThat(error.status()).isEqualTo(409);
        assertThat(error.detail()).isEqualTo("Deployment is already running.");
    }

    @Test
    void translateUnexpectedHidesDetails() {
        Throwable failure = new IllegalStateException("jdbc:postgresql://db/slipway password=TEST_TOKEN_123");

        ApiError error = translator.translate(new CommandExecutionException("failed", failure), "c5");

        assertThat(error.status()).isEqualTo(500);
        assertThat(error.detail()).contains("c5")
                .doesNotContain("TEST_TOKEN_123")
                .doesNotContain("IllegalStateException")
                .doesNotContain("jdbc");
        assertThat(error.field()).isNull();
        assertThat(error.rule()).isNull();
    }

    @Test
    void translateCauselessWrapperAsInternal() {
        ApiError error = translator.translate(new CommandExecutionException("remote failure", null), "c6");

        assertThat(error.category()).isEqualTo(ErrorCategory.INTERNAL);
        assertThat(error.detail()).doesNotContain("remote failure");
    }

    static Stream<Arguments> firewallRejections() {
        return Stream.of(
                Arguments.of("parameter name", (Consumer<MockHttpServletRequest>) request ->
                        request.addParameter("\u0001" + REJECTED_TEXT, "1"),
                        (Consumer<HttpServletRequest>) HttpServletRequest::getParameterMap, "parameter", "name must"),
                Arguments.of("header value", (Consumer<MockHttpServletRequest>) request ->
                        request.addHeader("X-Token", REJECTED_TEXT + "\u0085"),
                        (Consumer<HttpServletRequest>) request -> request.getHeader("X-Token"), "header",
                        "value must"),
                Arguments.of("header name", (Consumer<MockHttpServletRequest>) request ->
                        request.addHeader(REJECTED_TEXT + "\u0001", "1"),
                        (Consumer<HttpServletRequest>) request -> Collections.list(request.getHeaderNames()), "header",
                        "name must"),
                Arguments.of("method", (Consumer<MockHttpServletRequest>) request ->
                        request.setMethod(REJECTED_TEXT), (Consumer<HttpServletRequest>) request -> { },
                        "method", "must be one of"),
                Arguments.of("path", (Consumer<MockHttpServletRequest>) request ->
                        request.setRequestURI("/api/" + REJECTED_TEXT + ";x"),
                        (Consumer<HttpServletRequest>) request -> { }, "path", "must not contain ';'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firewallRejections")
    void translateFirewallRejectionWithoutText(String part, Consumer<MockHttpServletRequest> breakRequest,
                                               Consumer<HttpServletRequest> readRequest, String expectedField,
                                               String expectedRule) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/applications");
        breakRequest.accept(request);
        RequestRejectedException rejection = catchThrowableOfType(RequestRejectedException.class,
                () -> readRequest.accept(new StrictHttpFirewall().getFirewalledRequest(request)));
        assertThat(rejection).as("rejection of the %s", part).isNotNull();
        if (!"path".equals(expectedField)) {
            // Spring's message quotes the rejected text, except for a path, where it quotes only the sequence.
            assertThat(rejection.getMessage()).contains(REJECTED_TEXT);
        }

        ApiError error = translator.translate(rejection, "c7");

        assertThat(error.category()).isEqualTo(ErrorCategory.INVALID_INPUT);
        assertThat(error.field()).isEqualTo(expectedField);
        assertThat(error.rule()).startsWith(expectedRule);
        assertThat(error.rejectedValue()).isNull();
        assertThat(error.detail()).doesNotContain(REJECTED_TEXT);
    }
}
