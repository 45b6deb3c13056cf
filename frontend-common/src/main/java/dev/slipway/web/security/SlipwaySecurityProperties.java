package dev.slipway.web.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of authentication and rate limits in the frontends, under {@code slipway.security}.
 *
 * @param mode                 how callers are identified: {@code token} (the default) or the unsafe {@code header}
 * @param issuer               the {@code iss} claim of the access tokens this server issues and accepts
 * @param audience             the {@code aud} claim every accepted access token must contain
 * @param accessTokenLifetime  how long an issued access token is valid
 * @param refreshTokenLifetime how long a session lasts without a new login, however often it is refreshed
 * @param maxTokenLength       the longest {@code Authorization} header value accepted, in characters
 * @param maxRequestBytes      the largest declared request body accepted, in bytes
 * @param trustedProxies       addresses or CIDR ranges of reverse proxies whose {@code X-Forwarded-For} header
 *                             is trusted; empty means the header is ignored
 * @param external             an external identity provider whose tokens are also accepted
 * @param rateLimits           request and login rate limits
 * @param routes               the path patterns that Slipway's security filter chain covers: every path by
 *                             default; an application with a filter chain of its own for its other routes sets
 *                             Slipway's routes, such as {@code /api/**, /graphql, /error}
 * @param cors                 cross-origin requests from browser pages on other origins; off by default
 */
@ConfigurationProperties("slipway.security")
public record SlipwaySecurityProperties(
        @DefaultValue("token") SecurityMode mode,
        @DefaultValue("slipway") String issuer,
        @DefaultValue("slipway-api") String audience,
        @DefaultValue("5m") Duration accessTokenLifetime,
        @DefaultValue("12h") Duration refreshTokenLifetime,
        @DefaultValue("8192") int maxTokenLength,
        @DefaultValue("1048576") long maxRequestBytes,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue External external,
        @DefaultValue RateLimits rateLimits,
        @DefaultValue("/**") List<String> routes,
        @DefaultValue Cors cors) {

    /** The pattern that makes Slipway's filter chain cover every request. */
    public static final String EVERY_ROUTE = "/**";

    public SlipwaySecurityProperties {
        if (maxTokenLength < 256) {
            throw new IllegalArgumentException("Invalid slipway.security.max-token-length '" + maxTokenLength
                    + "': must be at least 256 characters. Raise it or remove the property to use 8192.");
        }
        if (routes.isEmpty() || routes.stream().anyMatch(route -> !route.startsWith("/"))) {
            throw new IllegalArgumentException("Invalid slipway.security.routes '" + String.join(",", routes)
                    + "': each must be a path pattern starting with '/', such as /api/**.");
        }
        if (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero()) {
            throw new IllegalArgumentException("Invalid slipway.security.access-token-lifetime '"
                    + accessTokenLifetime + "': must be positive, such as 5m.");
        }
    }

    /**
     * An external identity provider. Its access tokens must carry {@code typ: at+jwt}, its issuer, this server's
     * audience, and {@code exp}, {@code iat} and {@code sub}; the subject becomes the caller {@code user:<sub>}.
     *
     * @param issuer    the provider's {@code iss} claim; no provider is trusted while it is unset
     * @param jwksUrl   the URL of the provider's JSON Web Key Set, the only place its keys are fetched from
     * @param algorithm the one signature algorithm accepted from the provider, such as {@code RS256}
     */
    public record External(String issuer, URL jwksUrl, @DefaultValue("RS256") String algorithm) {

        /** Tells whether a provider is configured. */
        public boolean enabled() {
            return issuer != null && !issuer.isBlank() && jwksUrl != null;
        }
    }

    /**
     * Cross-origin resource sharing (CORS) on the routes of Slipway's filter chain, for a browser UI served from
     * another origin that calls the API with a bearer token. CORS is off while no origin is listed, so only pages of
     * the server's own origin can read its responses. Credentials (cookies) stay disallowed, because the API takes
     * bearer tokens only.
     *
     * @param allowedOrigins origins whose pages may call the API, such as {@code https://console.example.com}; each
     *                       is a lower-case scheme ({@code http} or {@code https}), a host and an optional port,
     *                       which Spring compares with the request's {@code Origin} header ignoring case
     * @param maxAge         how long a browser may cache the response to a preflight request
     */
    public record Cors(@DefaultValue List<String> allowedOrigins, @DefaultValue("30m") Duration maxAge) {

        private static final String ORIGINS_PROPERTY = "slipway.security.cors.allowed-origins";
        private static final String ORIGIN_RULE = "must be an origin: the scheme http or https, a host and an"
                + " optional port, without path, query or trailing slash, such as https://console.example.com.";

        public Cors {
            for (String origin : allowedOrigins) {
                checkOrigin(origin);
            }
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("Invalid slipway.security.cors.max-age '" + maxAge
                        + "': must not be negative. Set a duration such as 30m, or 0 to make browsers send a"
                        + " preflight request before every request.");
            }
        }

        /** Tells whether any origin is listed, which switches CORS on. */
        public boolean enabled() {
            return !allowedOrigins.isEmpty();
        }

        private static void checkOrigin(String origin) {
            if (origin.isBlank()) {
                throw invalidOrigin(origin, "must not be empty. Remove the empty entry from the list.");
            }
            if (origin.contains("*")) {
                throw invalidOrigin(origin, "wildcards are not allowed, because an API that takes bearer tokens"
                        + " should list the origins of its UIs. List each origin, such as"
                        + " https://console.example.com.");
            }
            if (origin.equals("null")) {
                throw invalidOrigin(origin, "the origin 'null' is not allowed, because browsers send it from"
                        + " sandboxed frames, local files and redirects, so any page can claim it. List the UI's"
                        + " origin, such as https://console.example.com.");
            }

            URI uri;
            try {
                uri = new URI(origin);
            } catch (URISyntaxException e) {
                throw invalidOrigin(origin, ORIGIN_RULE);
            }

            // Browsers send the scheme in lower case. These checks compare exactly, without Unicode case mapping, so
            // an entry must use lower case too.
            String scheme = uri.getScheme();
            if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
                throw invalidOrigin(origin, ORIGIN_RULE);
            }

            int defaultPort = scheme.equals("https") ? 443 : 80;
            if (uri.getPort() == defaultPort) {
                throw invalidOrigin(origin, "must not name the default port " + defaultPort + " of " + scheme
                        + ", because browsers leave it out of the Origin header and the entry would never match."
                        + " Remove ':" + defaultPort + "'.");
            }

            // Browsers send an origin in exactly this form, so an entry with anything more, such as a path, a query,
            // a trailing slash or user info, is rejected as a likely mistake.
            String serialized = scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            if (!serialized.equals(origin)) {
                throw invalidOrigin(origin, ORIGIN_RULE);
            }
        }

        private static IllegalArgumentException invalidOrigin(String origin, String rule) {
            return new IllegalArgumentException("Invalid " + ORIGINS_PROPERTY + " '" + origin + "': " + rule);
        }
    }

    /**
     * Rate limits. Each limit counts requests in windows of {@code period}.
     *
     * @param period                 the length of a window
     * @param requestsPerCaller      requests one authenticated caller may send per window
     * @param requestsPerAddress     requests one client address may send per window
     * @param loginAttemptsPerAccount sign-in attempts per user name per window, whatever their address
     */
    public record RateLimits(@DefaultValue("1m") Duration period,
                             @DefaultValue("600") int requestsPerCaller,
                             @DefaultValue("1200") int requestsPerAddress,
                             @DefaultValue("5") int loginAttemptsPerAccount) {
    }
}
