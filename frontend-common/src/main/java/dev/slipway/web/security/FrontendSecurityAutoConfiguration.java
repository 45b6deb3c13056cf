package dev.slipway.web.security;

import dev.slipway.core.access.RequestContext;
import dev.slipway.core.identity.IdentityStore;
import dev.slipway.core.identity.InMemoryIdentityStore;
import dev.slipway.core.secret.InMemoryKeysetStore;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.ErrorTranslator;
import dev.slipway.web.RequestContextResolver;
import dev.slipway.web.WebSupportAutoConfiguration;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.function.BiConsumer;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Secures both frontends with Spring Security: bearer tokens (JWT access tokens and API tokens), sign-in with a
 * password and a TOTP code under {@code /api/auth}, rate limits per caller, client address and account, and a
 * request size limit. Cross-origin requests (CORS) are allowed only from the origins listed in
 * {@code slipway.security.cors.allowed-origins}. In {@code slipway.security.mode=header} every route is open and the
 * unsafe {@code X-Slipway-User} header names the caller. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = WebSupportAutoConfiguration.class,
        before = {SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
public class FrontendSecurityAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FrontendSecurityAutoConfiguration.class);

    /** Routes that need no token: sign-in, refresh, the public key set, and Spring Boot's error page. */
    static final String[] PUBLIC_ROUTES = {"/api/auth/login", "/api/auth/refresh", "/api/auth/jwks", "/error"};
    /**
     * Route of push webhook deliveries, which need no token because the engine authenticates each one by its
     * signature. The rate limits and the request size limit still apply to it.
     */
    static final String WEBHOOK_ROUTE = "/api/webhooks/*";

    /**
     * Returns an authentication manager that rejects every request, because the frontends authenticate only bearer
     * tokens in their own filter. Its presence also stops Spring Boot from creating a user with a generated password.
     */
    @Bean
    @ConditionalOnMissingBean
    public AuthenticationManager slipwayAuthenticationManager() {
        return authentication -> {
            throw new ProviderNotFoundException("Slipway authenticates bearer tokens only");
        };
    }

    /**
     * Returns Spring Security's strict firewall, which also rejects a query parameter name with a control character
     * when the request arrives, whether or not its route reads parameters.
     */
    @Bean
    @ConditionalOnMissingBean
    public HttpFirewall slipwayHttpFirewall() {
        return new QueryParameterFirewall();
    }

    /**
     * Returns the handler of requests that Spring Security's firewall rejects, such as a URL with an encoded line
     * break or {@code ..}, or a parameter name with a control character. It returns 400 with a problem document that
     * names the rejected part and its rule, as every other invalid request gets, and never the rejected text.
     */
    @Bean
    @ConditionalOnMissingBean
    public RequestRejectedHandler slipwayRequestRejectedHandler(ErrorTranslator translator,
                                                                RequestContextResolver contexts) {
        return (request, response, rejection) -> {
            String correlationId = contexts.correlationId(request);
            response.setHeader(RequestContextResolver.CORRELATION_HEADER, correlationId);
            ProblemResponses.write(response, translator.translate(rejection, correlationId));
        };
    }

    @Bean
    @ConditionalOnMissingBean
    public RateLimits slipwayRateLimits(SlipwaySecurityProperties properties) {
        return new RateLimits(properties.rateLimits());
    }

    @Bean
    @ConditionalOnMissingBean
    public PasswordEncoder slipwayPasswordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    @ConditionalOnMissingBean
    public IdentityService slipwayIdentityService(PasswordEncoder passwords, ObjectProvider<AccessTokens> tokens,
                                                  RateLimits rateLimits, SlipwaySecurityProperties properties,
                                                  ObjectProvider<Clock> clock, ObjectProvider<EventBus> eventBus,
                                                  ObjectProvider<IdentityStore> store,
                                                  ObjectProvider<SecretVault> vault) {
        BiConsumer<Object, RequestContext> audit = (event, context) -> {
            EventBus bus = eventBus.getIfAvailable();
            if (bus != null) {
                bus.publish(GenericEventMessage.asEventMessage(event).andMetaData(context.toMetaData()));
            }
        };
        IdentityStore identities = store.getIfAvailable(() -> {
            LOG.warn("no data source for users, sessions and API tokens: they are kept in memory and lost when the"
                    + " server stops");
            return new InMemoryIdentityStore();
        });
        // Without the engine's vault, TOTP secrets are encrypted with a key that lives as long as this process.
        SecretVault secrets = vault.getIfAvailable(() -> new SecretVault(MasterKey.generate(),
                new InMemoryKeysetStore()));
        return new IdentityService(passwords, (user, session) -> tokens.getObject().issue(user, session),
                rateLimits, clock.getIfAvailable(Clock::systemUTC), properties, audit, identities, secrets);
    }

    @Bean
    @ConditionalOnMissingBean
    public AccessTokens slipwayAccessTokens(SlipwaySecurityProperties properties, ObjectProvider<Clock> clock,
                                            IdentityService identities) {
        return new AccessTokens(properties, clock.getIfAvailable(Clock::systemUTC), identities::isSessionActive,
                identities.accessTokenSigningKey());
    }

    @Bean
    @ConditionalOnMissingBean
    TeamRemovalSessions slipwayTeamRemovalSessions(IdentityService identities, ObjectProvider<EventBus> eventBus) {
        TeamRemovalSessions listener = new TeamRemovalSessions(identities);
        EventBus bus = eventBus.getIfAvailable();
        if (bus != null) {
            bus.subscribe(listener);
        }
        return listener;
    }

    @Bean
    @ConditionalOnMissingBean
    AuthController slipwayAuthController(IdentityService identities, AccessTokens accessTokens,
                                         RequestContextResolver contexts, ObjectProvider<EngineGateway> engine) {
        return new AuthController(identities, accessTokens, contexts, engine.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean(name = "slipwaySecurityFilterChain")
    SecurityFilterChain slipwaySecurityFilterChain(HttpSecurity http, SlipwaySecurityProperties properties,
                                                   AccessTokens accessTokens, IdentityService identities,
                                                   RateLimits rateLimits, ClientAddresses addresses)
            throws Exception {
        if (!properties.routes().equals(List.of(SlipwaySecurityProperties.EVERY_ROUTE))) {
            http.securityMatcher(properties.routes().toArray(String[]::new));
        }
        // Bearer tokens are not sent automatically by browsers, so CSRF protection has nothing to protect here.
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) ->
                        ProblemResponses.unauthorized(response, "This route needs a bearer token. Sign in at"
                                + " POST /api/auth/login or send an API token.")))
                .addFilterBefore(new BearerTokenFilter(accessTokens, identities, addresses),
                        AuthorizationFilter.class)
                .addFilterBefore(new RequestLimitFilter(rateLimits, addresses, properties.maxRequestBytes()),
                        AuthorizationFilter.class);
        configureCors(http, properties);
        if (properties.mode() == SecurityMode.HEADER) {
            http.authorizeHttpRequests(routes -> routes.anyRequest().permitAll());
        } else {
            // An async dispatch continues a streamed response, such as server-sent events, whose request dispatch was
            // authorized already. The bearer token filter runs once per request, so the async dispatch has no
            // authentication of its own and would break the stream off.
            http.authorizeHttpRequests(routes -> routes.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                    .requestMatchers(PUBLIC_ROUTES).permitAll()
                    .requestMatchers(HttpMethod.POST, WEBHOOK_ROUTE).permitAll()
                    .anyRequest().authenticated());
        }
        DefaultSecurityFilterChain chain = http.build();
        // Limited to its routes, the chain goes before an application's chain for every other request, which Spring
        // Security requires to be the last. Covering every request, it stays last, after any chain of the application.
        int order = properties.routes().equals(List.of(SlipwaySecurityProperties.EVERY_ROUTE))
                ? Ordered.LOWEST_PRECEDENCE : Ordered.HIGHEST_PRECEDENCE + 100;
        return new OrderedFilterChain(chain, order);
    }

    /**
     * Switches Spring Security's CORS support on for the listed origins, or off when none is listed. Its filter runs
     * before the bearer token and request limit filters, so it responds to a preflight request from a listed origin
     * without a token, and rejects one from any other origin with 403. Every other request goes on through
     * authentication and the rate limits, and its response carries the CORS headers.
     */
    private static void configureCors(HttpSecurity http, SlipwaySecurityProperties properties) throws Exception {
        SlipwaySecurityProperties.Cors cors = properties.cors();
        if (!cors.enabled()) {
            // Spring Security adds CORS to every chain when the application has a UrlBasedCorsConfigurationSource
            // bean. Slipway's routes follow slipway.security.cors only, so CORS is switched off here explicitly.
            http.cors(configurer -> configurer.disable());
            return;
        }
        http.cors(configurer -> configurer.configurationSource(CorsPolicy.configurationSource(cors)));
        LOG.info("CORS allows the origins [{}] on the routes [{}], with preflight responses cached for [{}]",
                String.join(", ", cors.allowedOrigins()), String.join(", ", properties.routes()), cors.maxAge());
    }

    /** A filter chain with its place among the application's chains. */
    private record OrderedFilterChain(SecurityFilterChain chain, int order) implements SecurityFilterChain, Ordered {

        @Override
        public boolean matches(HttpServletRequest request) {
            return chain.matches(request);
        }

        @Override
        public List<Filter> getFilters() {
            return chain.getFilters();
        }

        @Override
        public int getOrder() {
            return order;
        }
    }
}
