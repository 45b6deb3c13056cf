package dev.slipway.web;

import dev.slipway.core.access.AccessDenials;

import dev.slipway.core.engine.EngineComponents;
import dev.slipway.core.readmodel.ReadModelReplayer;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.webhook.Webhooks;
import dev.slipway.web.security.ClientAddresses;
import dev.slipway.web.security.SlipwaySecurityProperties;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers what the REST and GraphQL frontends share: the client address resolver, the request context resolver
 * and its filter, the error translator, the engine, configuration and Git credential gateways, the push webhooks,
 * and the masking of secret values in JSON responses. Every gateway and resolver backs off when the application
 * defines its own.
 */
@AutoConfiguration(afterName = {
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "dev.slipway.core.autoconfigure.SlipwayAutoConfiguration",
        "dev.slipway.core.secret.SecretAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SlipwaySecurityProperties.class)
public class WebSupportAutoConfiguration {

    @Bean
    static BeanPostProcessor slipwayJsonRedaction(ObjectProvider<SecretVault> secrets,
                                                  ObjectProvider<EngineComponents> engine,
                                                  ObjectProvider<RequestContextResolver> resolver) {
        return new JsonRedaction(secrets, engine, resolver);
    }

    @Bean
    @ConditionalOnMissingBean
    public ClientAddresses slipwayClientAddresses(SlipwaySecurityProperties properties) {
        return new ClientAddresses(properties.trustedProxies());
    }

    @Bean
    @ConditionalOnMissingBean
    public RequestContextResolver slipwayRequestContextResolver(SlipwaySecurityProperties properties,
                                                                ClientAddresses addresses) {
        return new RequestContextResolver(properties.mode(), addresses);
    }

    @Bean
    @ConditionalOnMissingBean
    public CorrelationIdFilter slipwayCorrelationIdFilter(RequestContextResolver resolver) {
        return new CorrelationIdFilter(resolver);
    }

    @Bean
    @ConditionalOnMissingBean
    public ErrorTranslator slipwayErrorTranslator() {
        return new ErrorTranslator();
    }

    @Bean
    @ConditionalOnMissingBean
    public TeamGateway slipwayTeamGateway(CommandGateway commandGateway, QueryGateway queryGateway) {
        return new TeamGateway(commandGateway, queryGateway);
    }

    @Bean
    @ConditionalOnMissingBean
    public EngineGateway slipwayEngineGateway(CommandGateway commandGateway, QueryGateway queryGateway,
                                              ReadModelReplayer replayer,
                                              ObjectProvider<EngineComponents> components,
                                              ObjectProvider<AccessDenials> denials) {
        EngineComponents engine = components.getIfAvailable();
        return new EngineGateway(commandGateway, queryGateway, replayer, engine == null ? null : engine.accessRules(),
                denials.getIfAvailable());
    }

    /** Stores the read model replays that the gateway denies in the audit log, like denied commands and queries. */
    @Bean
    @ConditionalOnMissingBean
    public AccessDenials slipwayReplayDenials(ObjectProvider<EventBus> eventBus) {
        return new AccessDenials(eventBus::getObject);
    }

    @Bean
    @ConditionalOnMissingBean
    public ReleaseGateway slipwayReleaseGateway(CommandGateway commandGateway, EngineGateway engine,
                                                ObjectProvider<EngineComponents> components) {
        return new ReleaseGateway(commandGateway, engine, components.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    public ConfigurationGateway slipwayConfigurationGateway(CommandGateway commandGateway,
                                                            QueryGateway queryGateway,
                                                            ObjectProvider<SecretVault> secrets) {
        return new ConfigurationGateway(commandGateway, queryGateway, secrets.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    public Webhooks slipwayWebhooks(CommandGateway commandGateway, QueryGateway queryGateway,
                                    ObjectProvider<SecretVault> secrets) {
        return new Webhooks(commandGateway, queryGateway, secrets.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    public GitCredentialGateway slipwayGitCredentialGateway(CommandGateway commandGateway, QueryGateway queryGateway,
                                                            ObjectProvider<SecretVault> secrets) {
        return new GitCredentialGateway(commandGateway, queryGateway, secrets.getIfAvailable());
    }
}
