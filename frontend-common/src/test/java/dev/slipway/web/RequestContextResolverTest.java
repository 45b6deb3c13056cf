package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.TokenScope;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.web.security.CallerAuthentication;
import dev.slipway.web.security.ClientAddresses;
import dev.slipway.web.security.SecurityMode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestContextResolverTest {

    private final RequestContextResolver resolver = new RequestContextResolver();

    @Test
    void resolveUsesUserHeader() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-Slipway-User", "alice");

        assertThat(resolver.resolve(request).caller().toString()).isEqualTo("user:alice");
    }

    @Test
    void resolveWithoutUserHeaderIsAnonymous() {
        assertThat(resolver.resolve(new MockHttpServletRequest()).caller().toString()).isEqualTo("user:anonymous");
    }

    @Test
    void resolvePrefersPrincipal() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setUserPrincipal(() -> "bob");
        request.addHeader("X-Slipway-User", "alice");

        assertThat(resolver.resolve(request).caller().toString()).isEqualTo("user:bob");
    }

    @Test
    void resolveTakesApiTokenCallerAndScope() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setUserPrincipal(new CallerAuthentication(new Caller(Caller.Kind.TOKEN, "0123abcd"),
                TokenScope.DEPLOY, null));
        request.addHeader("User-Agent", "deploy-bot/1.0");
        RequestContextResolver tokenMode = new RequestContextResolver(SecurityMode.TOKEN,
                new ClientAddresses(List.of()));

        RequestContext context = tokenMode.resolve(request);

        assertThat(context.caller().toString()).isEqualTo("token:0123abcd");
        assertThat(context.scope()).isEqualTo(TokenScope.DEPLOY);
        assertThat(context.userAgent()).isEqualTo("deploy-bot/1.0");
        assertThat(context.causationId()).isNotBlank().isNotEqualTo(context.correlationId());
    }

    @Test
    void resolveIgnoresUserHeaderInTokenMode() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-Slipway-User", "alice");
        RequestContextResolver tokenMode = new RequestContextResolver(SecurityMode.TOKEN,
                new ClientAddresses(List.of()));

        assertThat(tokenMode.resolve(request).caller()).isEqualTo(RequestContextResolver.ANONYMOUS);
    }

    @Test
    void resolveRejectsInvalidUserHeader() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-Slipway-User", "alice smith\nforged: line");

        assertThatThrownBy(() -> resolver.resolve(request))
                .isInstanceOfSatisfying(InvalidInputException.class, rejection -> {
                    assertThat(rejection.field()).isEqualTo("X-Slipway-User");
                    assertThat(rejection.rejectedValue()).doesNotContain("\n");
                });
    }

    @Test
    void resolveRejectsRepeatedUserHeader() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-Slipway-User", "alice");
        request.addHeader("X-Slipway-User", "bob");

        assertThatThrownBy(() -> resolver.resolve(request))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        rejection -> assertThat(rejection.field()).isEqualTo("X-Slipway-User"));
    }

    @Test
    void resolveIgnoresForwardedFor() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("192.0.2.7");
        request.addHeader("X-Forwarded-For", "198.51.100.1");

        assertThat(resolver.resolve(request).clientAddress()).isEqualTo("192.0.2.7");
    }

    @Test
    void resolveKeepsValidCorrelationId() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-Correlation-Id", "build-42.retry_1");

        assertThat(resolver.resolve(request).correlationId()).isEqualTo("build-42.retry_1");
    }

    @Test
    void resolveReplacesInvalidCorrelationId() {
        for (String invalid : new String[] {"", "has space", "new\nline", "x".repeat(65), "semi;colon"}) {
            MockHttpServletRequest request = new MockHttpServletRequest();
            request.addHeader("X-Correlation-Id", invalid);

            String correlationId = resolver.resolve(request).correlationId();

            assertThat(correlationId).as("correlation id for header '%s'", invalid).isNotEqualTo(invalid);
            assertThat(UUID.fromString(correlationId)).isNotNull();
        }
    }

    @Test
    void resolveTwiceReturnsSameContext() {
        MockHttpServletRequest request = new MockHttpServletRequest();

        assertThat(resolver.resolve(request)).isSameAs(resolver.resolve(request));
    }

    @Test
    void filterEchoesCorrelationId() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-Correlation-Id", "abc-123");
        request.addHeader("X-Slipway-User", "alice");
        MockHttpServletResponse response = new MockHttpServletResponse();

        new CorrelationIdFilter(resolver).doFilter(request, response, new MockFilterChain());

        assertThat(response.getHeader("X-Correlation-Id")).isEqualTo("abc-123");
        Map<String, Object> attributes = Map.of(RequestContextResolver.RESOLUTION_ATTRIBUTE,
                request.getAttribute(RequestContextResolver.RESOLUTION_ATTRIBUTE));
        RequestContext context = resolver.fromAttributes(attributes);
        assertThat(context.caller().toString()).isEqualTo("user:alice");
        assertThat(context.correlationId()).isEqualTo("abc-123");
    }

    @Test
    void filterEchoesIdForInvalidUser() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-Correlation-Id", "abc-456");
        request.addHeader("X-Slipway-User", "no spaces allowed");
        MockHttpServletResponse response = new MockHttpServletResponse();

        new CorrelationIdFilter(resolver).doFilter(request, response, new MockFilterChain());

        assertThat(response.getHeader("X-Correlation-Id")).isEqualTo("abc-456");
        assertThat(resolver.correlationId(request)).isEqualTo("abc-456");
        assertThatThrownBy(() -> resolver.resolve(request)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void fromAttributesWithoutFilterFails() {
        assertThatThrownBy(() -> resolver.fromAttributes(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CorrelationIdFilter");
    }
}
