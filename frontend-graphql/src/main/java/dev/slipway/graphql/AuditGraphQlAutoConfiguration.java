package dev.slipway.graphql;

import dev.slipway.core.audit.AuditChain;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.WebSupportAutoConfiguration;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.graphql.server.WebGraphQlInterceptor;

/** Registers the GraphQL queries of the audit log and the read models, declared in {@code graphql/audit.graphqls}. */
@AutoConfiguration(after = WebSupportAutoConfiguration.class,
        afterName = "dev.slipway.core.audit.AuditAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebGraphQlInterceptor.class)
public class AuditGraphQlAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AuditChainGraphQlController slipwayAuditChainGraphQlController(ObjectProvider<AuditChain> chain,
                                                                   QueryGateway queries, EngineGateway engine) {
        return new AuditChainGraphQlController(chain, queries, engine);
    }

    @Bean
    @ConditionalOnMissingBean
    ReadModelGraphQlController slipwayReadModelGraphQlController(EngineGateway engine) {
        return new ReadModelGraphQlController(engine);
    }
}
