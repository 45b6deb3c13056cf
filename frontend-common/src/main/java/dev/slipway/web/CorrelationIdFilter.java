package dev.slipway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.filter.OrderedFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resolves the context of every request once, echoes its correlation id in the {@code X-Correlation-Id} response
 * header and puts it into the logging MDC under {@value #MDC_KEY} while the request runs.
 *
 * <p>It runs right after the Spring Security filter chain, so that an authenticated principal is known when the
 * caller is resolved.
 */
public final class CorrelationIdFilter extends OncePerRequestFilter implements OrderedFilter {

    /** MDC key of the correlation id. */
    public static final String MDC_KEY = "correlationId";
    /** Order of this filter: just after the Spring Security filter chain. */
    public static final int ORDER = SecurityProperties.DEFAULT_FILTER_ORDER + 5;

    private final RequestContextResolver resolver;

    public CorrelationIdFilter(RequestContextResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlationId = resolver.resolution(request).correlationId();
        response.setHeader(RequestContextResolver.CORRELATION_HEADER, correlationId);
        MDC.put(MDC_KEY, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
