package dev.slipway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the REST controllers under {@code /api} and their problem details advice, so that an application
 * needs no component scan of this package. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = WebSupportAutoConfiguration.class,
        afterName = "dev.slipway.core.logs.DeploymentLogAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class RestFrontendAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ApplicationController slipwayApplicationController(EngineGateway engine, RequestContextResolver contexts) {
        return new ApplicationController(engine, contexts);
    }

    @Bean
    @ConditionalOnMissingBean
    DeploymentController slipwayDeploymentController(EngineGateway engine, RequestContextResolver contexts) {
        return new DeploymentController(engine, contexts);
    }

    @Bean
    @ConditionalOnMissingBean
    DeploymentCancelController slipwayDeploymentCancelController(EngineGateway engine,
                                                                 RequestContextResolver contexts) {
        return new DeploymentCancelController(engine, contexts);
    }

    @Bean
    @ConditionalOnMissingBean
    ReleaseController slipwayReleaseController(ReleaseGateway releases, RequestContextResolver contexts) {
        return new ReleaseController(releases, contexts);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DeploymentLogStore.class)
    DeploymentLogController slipwayDeploymentLogController(EngineGateway engine, DeploymentLogStore logs,
                                                           RequestContextResolver contexts) {
        return new DeploymentLogController(engine, logs, contexts);
    }

    @Bean
    @ConditionalOnMissingBean
    AuditController slipwayAuditController(EngineGateway engine, RequestContextResolver contexts) {
        return new AuditController(engine, contexts);
    }

    @Bean
    @ConditionalOnMissingBean
    ReadModelController slipwayReadModelController(EngineGateway engine, RequestContextResolver contexts) {
        return new ReadModelController(engine, contexts);
    }

    @Bean
    @ConditionalOnMissingBean
    ConfigurationController slipwayConfigurationController(ConfigurationGateway configurations,
                                                           RequestContextResolver contexts) {
        return new ConfigurationController(configurations, contexts);
    }

    /** Registers {@link StrictJsonMessageConverter} first, so Slipway's own request bodies are read strictly. */
    @Bean
    WebMvcConfigurer slipwayStrictJsonBodies(ObjectProvider<ObjectMapper> objectMapper) {
        ObjectMapper base = objectMapper.getIfAvailable(() -> new ObjectMapper().findAndRegisterModules());
        return new WebMvcConfigurer() {
            @Override
            public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
                converters.add(0, new StrictJsonMessageConverter(base));
            }
        };
    }

    /** Registers {@link QueryParameterCheck}, so a query parameter that a route does not take is rejected. */
    @Bean
    WebMvcConfigurer slipwayQueryParameterCheck() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new QueryParameterCheck()).addPathPatterns("/api/**");
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    GitCredentialController slipwayGitCredentialController(GitCredentialGateway credentials,
                                                           RequestContextResolver contexts) {
        return new GitCredentialController(credentials, contexts);
    }

    @Bean
    @ConditionalOnMissingBean
    WebhookController slipwayWebhookController(Webhooks webhooks, RequestContextResolver contexts) {
        return new WebhookController(webhooks, contexts);
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemDetailsAdvice slipwayProblemDetailsAdvice(ErrorTranslator translator, RequestContextResolver contexts) {
        return new ProblemDetailsAdvice(translator, contexts);
    }

    @Bean
    @ConditionalOnMissingBean
    TeamController slipwayTeamController(TeamGateway teams, RequestContextResolver contexts) {
        return new TeamController(teams, contexts);
    }

    // Declared after the general advice, whose condition on its own type would otherwise see this subclass.
    @Bean
    @ConditionalOnMissingBean(ReleaseProblemDetailsAdvice.class)
    ReleaseProblemDetailsAdvice slipwayReleaseProblemDetailsAdvice(ErrorTranslator translator,
                                                                   RequestContextResolver contexts) {
        return new ReleaseProblemDetailsAdvice(translator, contexts);
    }

    @Bean
    @ConditionalOnMissingBean(TeamProblemDetailsAdvice.class)
    TeamProblemDetailsAdvice slipwayTeamProblemDetailsAdvice(ErrorTranslator translator,
                                                             RequestContextResolver contexts) {
        return new TeamProblemDetailsAdvice(translator, contexts);
    }
}
