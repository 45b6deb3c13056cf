package dev.slipway.web.security;

import dev.slipway.web.RequestContextResolver;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The CORS configuration of Slipway's filter chain: the listed origins, and the methods and headers that the REST
 * and GraphQL APIs use, nothing more.
 */
final class CorsPolicy {

    /**
     * Methods of the API's routes. {@code HEAD} is listed because Spring MVC serves it on every {@code GET} route, and
     * Spring's CORS processor rejects a cross-origin request whose method the configuration does not list.
     */
    static final List<String> ALLOWED_METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE");

    /**
     * Request headers that the API reads and that are not CORS-safelisted: the bearer token, a JSON content type,
     * the correlation id, the idempotency key of a deployment request and the resume position of a log stream.
     */
    static final List<String> ALLOWED_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            RequestContextResolver.CORRELATION_HEADER, "Idempotency-Key", "Last-Event-ID");

    /**
     * Response headers that the API sets and a UI reads, beyond the CORS-safelisted ones. They are the correlation id,
     * the wait of a rate-limited request (429), the address of a created resource and the link to a list's next page.
     */
    static final List<String> EXPOSED_HEADERS = List.of(RequestContextResolver.CORRELATION_HEADER,
            HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION, HttpHeaders.LINK);

    private CorsPolicy() {
    }

    /**
     * Returns a source that applies the configuration to every path. The filter chain consults it only for requests
     * on its own routes ({@code slipway.security.routes}), so CORS applies to those routes only.
     */
    static UrlBasedCorsConfigurationSource configurationSource(SlipwaySecurityProperties.Cors cors) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(cors.allowedOrigins());
        configuration.setAllowedMethods(ALLOWED_METHODS);
        configuration.setAllowedHeaders(ALLOWED_HEADERS);
        configuration.setExposedHeaders(EXPOSED_HEADERS);
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(cors.maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration(SlipwaySecurityProperties.EVERY_ROUTE, configuration);
        return source;
    }
}
