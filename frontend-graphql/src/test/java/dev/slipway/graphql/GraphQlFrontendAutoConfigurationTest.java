package dev.slipway.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.readmodel.ReadModelReplayer;
import dev.slipway.core.readmodel.ReplayReport;
import dev.slipway.web.WebSupportAutoConfiguration;
import graphql.analysis.MaxQueryDepthInstrumentation;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class GraphQlFrontendAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebSupportAutoConfiguration.class,
                    GraphQlFrontendAutoConfiguration.class))
            .withUserConfiguration(Engine.class);

    @Test
    void registersControllerInterceptorResolverAndDepthLimit() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(SlipwayGraphQlController.class);
            assertThat(context).hasSingleBean(RequestContextInterceptor.class);
            assertThat(context).hasSingleBean(SlipwayExceptionResolver.class);
            assertThat(context).hasSingleBean(MaxQueryDepthInstrumentation.class);
            assertThat(context).hasSingleBean(MaxMutationFieldsInstrumentation.class);
        });
    }

    @Test
    void rejectsMaxQueryDepthBelowOne() {
        runner.withPropertyValues("slipway.graphql.max-query-depth=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("max-query-depth");
        });
    }

    @Test
    void rejectsMaxMutationFieldsBelowOne() {
        runner.withPropertyValues("slipway.graphql.max-mutation-fields=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("max-mutation-fields");
        });
    }

    /** Axon's gateways on local buses with no handlers, and a replayer that replays nothing. */
    @Configuration(proxyBeanMethods = false)
    static class Engine {

        @Bean
        CommandGateway commandGateway() {
            return DefaultCommandGateway.builder().commandBus(SimpleCommandBus.builder().build()).build();
        }

        @Bean
        QueryGateway queryGateway() {
            return DefaultQueryGateway.builder().queryBus(SimpleQueryBus.builder().build()).build();
        }

        @Bean
        ReadModelReplayer readModelReplayer() {
            return () -> new ReplayReport(List.of(), Duration.ZERO);
        }
    }
}
