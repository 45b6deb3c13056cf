package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.readmodel.ReadModelReplayer;
import dev.slipway.core.readmodel.ReplayReport;
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
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class WebSupportAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebSupportAutoConfiguration.class))
            .withUserConfiguration(Engine.class);

    @Test
    void registersSharedBeansInServletApplication() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RequestContextResolver.class);
            assertThat(context).hasSingleBean(CorrelationIdFilter.class);
            assertThat(context).hasSingleBean(ErrorTranslator.class);
            assertThat(context).hasSingleBean(EngineGateway.class);
        });
    }

    @Test
    void backsOffFromApplicationResolver() {
        RequestContextResolver own = new RequestContextResolver();

        runner.withBean(RequestContextResolver.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(RequestContextResolver.class);
            assertThat(context.getBean(RequestContextResolver.class)).isSameAs(own);
        });
    }

    @Test
    void staysOffOutsideWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WebSupportAutoConfiguration.class))
                .withUserConfiguration(Engine.class)
                .run(context -> assertThat(context).doesNotHaveBean(EngineGateway.class));
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
