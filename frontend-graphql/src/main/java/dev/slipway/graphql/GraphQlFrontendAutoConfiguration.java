package dev.slipway.graphql;

import dev.slipway.core.logs.DeploymentLogStore;
import dev.slipway.core.webhook.Webhooks;
import dev.slipway.web.ConfigurationGateway;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.ErrorTranslator;
import dev.slipway.web.GitCredentialGateway;
import dev.slipway.web.ReleaseGateway;
import dev.slipway.web.RequestContextResolver;
import dev.slipway.web.TeamGateway;
import dev.slipway.web.WebSupportAutoConfiguration;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.server.WebGraphQlInterceptor;

/**
 * Registers the GraphQL controllers, the interceptor that carries the request context into data fetchers, the
 * exception resolver, and limits on query depth, query complexity and the number of top-level mutation fields, so
 * that an application needs no component scan of this package.
 * Spring Boot's GraphQL auto-configuration picks them up with the schema under {@code classpath:graphql/}. Every
 * bean backs off when the application defines its own.
 */
@AutoConfiguration(after = WebSupportAutoConfiguration.class,
        afterName = "dev.slipway.core.logs.DeploymentLogAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebGraphQlInterceptor.class)
@EnableConfigurationProperties(GraphQlFrontendProperties.class)
public class GraphQlFrontendAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SlipwayGraphQlController slipwayGraphQlController(EngineGateway engine) {
        return new SlipwayGraphQlController(engine);
    }

    @Bean
    @ConditionalOnMissingBean
    ConfigurationGraphQlController slipwayConfigurationGraphQlController(ConfigurationGateway configurations) {
        return new ConfigurationGraphQlController(configurations);
    }

    @Bean
    @ConditionalOnMissingBean
    WebhookGraphQlController slipwayWebhookGraphQlController(Webhooks webhooks) {
        return new WebhookGraphQlController(webhooks);
    }

    @Bean
    @ConditionalOnMissingBean
    GitCredentialGraphQlController slipwayGitCredentialGraphQlController(GitCredentialGateway credentials) {
        return new GitCredentialGraphQlController(credentials);
    }

    @Bean
    @ConditionalOnMissingBean
    TeamGraphQlController slipwayTeamGraphQlController(TeamGateway teams) {
        return new TeamGraphQlController(teams);
    }

    @Bean
    @ConditionalOnMissingBean
    ReleaseGraphQlController slipwayReleaseGraphQlController(ReleaseGateway releases) {
        return new ReleaseGraphQlController(releases);
    }

    @Bean
    @ConditionalOnMissingBean
    DeploymentLifecycleGraphQlController slipwayDeploymentLifecycleGraphQlController(EngineGateway engine) {
        return new DeploymentLifecycleGraphQlController(engine);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DeploymentLogStore.class)
    DeploymentLogGraphQlController slipwayDeploymentLogGraphQlController(EngineGateway engine,
                                                                         DeploymentLogStore logs) {
        return new DeploymentLogGraphQlController(engine, logs);
    }

    @Bean
    @ConditionalOnMissingBean
    SubscriptionErrorResolver slipwaySubscriptionErrorResolver(ErrorTranslator translator) {
        return new SubscriptionErrorResolver(translator);
    }

    @Bean
    @ConditionalOnMissingBean
    RequestContextInterceptor slipwayRequestContextInterceptor(RequestContextResolver resolver,
                                                               GraphQlFrontendProperties properties) {
        return new RequestContextInterceptor(resolver, properties.introspection());
    }

    @Bean
    @ConditionalOnMissingBean
    SlipwayExceptionResolver slipwayGraphQlExceptionResolver(ErrorTranslator translator) {
        return new SlipwayExceptionResolver(translator);
    }

    /**
     * Replaces the built-in {@code ID} scalar with one that rejects a variable that is not a string or an integer.
     * graphql-java's strict mode, on by default, rejects a second definition of a scalar, so it is off only while the
     * scalar is replaced. NOTE: it is on again afterwards even if an earlier configurer had turned it off, because
     * the wiring builder does not expose its current mode.
     */
    @Bean
    RuntimeWiringConfigurer slipwayStrictIdScalar() {
        return wiring -> wiring.strictMode(false).scalar(StrictIdCoercing.ID).strictMode(true);
    }

    @Bean
    @ConditionalOnMissingBean
    MaxQueryDepthInstrumentation slipwayMaxQueryDepthInstrumentation(GraphQlFrontendProperties properties) {
        return new MaxQueryDepthInstrumentation(properties.maxQueryDepth());
    }

    @Bean
    @ConditionalOnMissingBean
    MaxQueryComplexityInstrumentation slipwayMaxQueryComplexityInstrumentation(GraphQlFrontendProperties properties) {
        return new MaxQueryComplexityInstrumentation(properties.maxQueryComplexity(),
                new CostlyFieldComplexity(properties.maxQueryComplexity()));
    }

    @Bean
    @ConditionalOnMissingBean
    MaxMutationFieldsInstrumentation slipwayMaxMutationFieldsInstrumentation(GraphQlFrontendProperties properties) {
        return new MaxMutationFieldsInstrumentation(properties.maxMutationFields());
    }
}
