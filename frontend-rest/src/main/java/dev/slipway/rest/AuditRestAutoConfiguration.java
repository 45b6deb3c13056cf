package dev.slipway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.core.audit.AuditChain;
import dev.slipway.core.audit.PointInTime;
import dev.slipway.web.EngineGateway;
import dev.slipway.web.ErrorTranslator;
import dev.slipway.web.RequestContextResolver;
import dev.slipway.web.WebSupportAutoConfiguration;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Registers the REST routes of the audit chain under {@code /api/audit-chain}, the audit search and export under
 * {@code /api/audit-events}, and an application's past state under {@code /api/applications/{id}/state-at}.
 */
@AutoConfiguration(after = {WebSupportAutoConfiguration.class, RestFrontendAutoConfiguration.class},
        afterName = "dev.slipway.core.audit.AuditAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class AuditRestAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AuditChainController slipwayAuditChainController(ObjectProvider<AuditChain> chain,
                                                     RequestContextResolver contexts, EngineGateway engine) {
        return new AuditChainController(chain, contexts, engine);
    }

    @Bean
    @ConditionalOnMissingBean
    AuditSearchController slipwayAuditSearchController(QueryGateway queries, RequestContextResolver contexts,
                                                       ObjectMapper json) {
        return new AuditSearchController(queries, contexts, json);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(PointInTime.class)
    PointInTimeController slipwayPointInTimeController(PointInTime pointInTime, EngineGateway engine,
                                                       RequestContextResolver contexts) {
        return new PointInTimeController(pointInTime, engine, contexts);
    }

    @Bean
    @ConditionalOnMissingBean
    AuditProblemDetailsAdvice slipwayAuditProblemDetailsAdvice(ErrorTranslator translator,
                                                               RequestContextResolver contexts) {
        return new AuditProblemDetailsAdvice(translator, contexts);
    }
}
