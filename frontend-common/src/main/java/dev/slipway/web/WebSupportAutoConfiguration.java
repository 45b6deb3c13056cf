package dev.slipway.web;

import dev.slipway.core.readmodel.ReadModelReplayer;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.web.security.ClientAddresses;
import dev.slipway.web.security.SlipwaySecurityProperties;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers what the REST and GraphQL frontends share: the client address resolver, the request context resolver
 * and its filter, the error translator, the engine gateway and the configuration gateway. Every bean backs off
 * when the application defines its own.
 */
@AutoConfiguration(afterName = {
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "dev.slipway.core.autoconfigure.SlipwayAutoConfiguration",
        "dev.slipway.core.secret.SecretAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SlipwaySecurityProperties.class)
public class WebSupportAutoConfiguration {

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
    public EngineGateway slipwayEngineGateway(CommandGateway commandGateway, QueryGateway queryGateway,
                                              ReadModelReplayer replayer) {
        return new EngineGateway(commandGateway, queryGateway, replayer);
    }

    @Bean
    @ConditionalOnMissingBean
    public ReleaseGateway slipwayReleaseGateway(CommandGateway commandGateway, EngineGateway engine) {
        return new ReleaseGateway(commandGateway, engine);
    }

    @Bean
    @ConditionalOnMissingBean
    public ConfigurationGateway slipwayConfigurationGateway(CommandGateway commandGateway,
                                                            QueryGateway queryGateway,
                                                            ObjectProvider<SecretVault> secrets) {
        return new ConfigurationGateway(commandGateway, queryGateway, secrets.getIfAvailable());
    }
}
