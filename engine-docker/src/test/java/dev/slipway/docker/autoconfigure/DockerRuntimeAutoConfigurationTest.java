package dev.slipway.docker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.TrafficRouter;
import dev.slipway.docker.CaddyTrafficRouter;
import dev.slipway.docker.DockerContainerRuntime;
import dev.slipway.docker.DockerRuntimeSettings;
import dev.slipway.docker.ProxySettings;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class DockerRuntimeAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DockerRuntimeAutoConfiguration.class));

    @Test
    void runtimeWhenNoPropertiesUsesDefaults() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ContainerRuntime.class);
            DockerContainerRuntime runtime = context.getBean(DockerContainerRuntime.class);
            assertThat(runtime.settings()).isEqualTo(DockerRuntimeSettings.defaults());
        });
    }

    @Test
    void runtimeWhenPropertiesSetUsesThem() {
        runner.withPropertyValues("slipway.docker.host=tcp://127.0.0.1:2375",
                        "slipway.docker.plain-tcp-to-loopback=true", "slipway.docker.bind-address=127.0.0.2",
                        "slipway.docker.non-root-user=1000:1000", "slipway.docker.build-timeout=10m",
                        "slipway.docker.startup-check=2s")
                .run(context -> {
                    DockerRuntimeSettings settings = context.getBean(DockerContainerRuntime.class).settings();
                    assertThat(settings.dockerHost()).isEqualTo(URI.create("tcp://127.0.0.1:2375"));
                    assertThat(settings.plainTcpToLoopback()).isTrue();
                    assertThat(settings.bindAddress()).isEqualTo("127.0.0.2");
                    assertThat(settings.nonRootUser()).isEqualTo("1000:1000");
                    assertThat(settings.buildTimeout()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(settings.startupCheck()).isEqualTo(Duration.ofSeconds(2));
                });
    }

    @Test
    void runtimeWhenUserDefinesOneBacksOff() {
        runner.withUserConfiguration(CustomRuntime.class).run(context -> {
            assertThat(context).hasSingleBean(ContainerRuntime.class);
            assertThat(context.getBean(DockerContainerRuntime.class).settings().bindAddress()).isEqualTo("127.0.0.3");
        });
    }

    @Test
    void runtimeWhenUserIsRootFailsStartup() {
        runner.withPropertyValues("slipway.docker.non-root-user=0:0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("Invalid non-root user '0:0'");
        });
    }

    @Test
    void routerWhenProxyNotEnabledIsAbsent() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TrafficRouter.class));
        runner.withPropertyValues("slipway.proxy.enabled=false", "slipway.proxy.http-port=8081")
                .run(context -> assertThat(context).doesNotHaveBean(TrafficRouter.class));
    }

    @Test
    void routerWhenProxyEnabledUsesDefaults() {
        runner.withPropertyValues("slipway.proxy.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(TrafficRouter.class);
            CaddyTrafficRouter router = context.getBean(CaddyTrafficRouter.class);
            assertThat(router.isEnabled()).isTrue();
            assertThat(router.settings()).isEqualTo(ProxySettings.defaults());
        });
    }

    @Test
    void routerWhenProxyPropertiesSetUsesThem() {
        runner.withPropertyValues("slipway.proxy.enabled=true", "slipway.proxy.image=example/caddy:2",
                        "slipway.proxy.publish-address=127.0.0.1", "slipway.proxy.http-port=8081",
                        "slipway.proxy.switch-time-limit=3s")
                .run(context -> assertThat(context.getBean(CaddyTrafficRouter.class).settings())
                        .isEqualTo(new ProxySettings("example/caddy:2", "127.0.0.1", 8081, Duration.ofSeconds(3))));
    }

    @Test
    void routerWhenUserDefinesOneBacksOff() {
        runner.withPropertyValues("slipway.proxy.enabled=true")
                .withBean("customRouter", TrafficRouter.class, () -> TrafficRouter.NONE)
                .run(context -> {
                    assertThat(context).hasSingleBean(TrafficRouter.class);
                    assertThat(context).doesNotHaveBean(CaddyTrafficRouter.class);
                });
    }

    @Test
    void routerWhenProxyPropertyInvalidFailsStartup() {
        String[][] cases = {
            {"slipway.proxy.http-port=0", "Invalid slipway.proxy.http-port '0': must be 1 to 65535"},
            {"slipway.proxy.http-port=70000", "Invalid slipway.proxy.http-port '70000'"},
            {"slipway.proxy.publish-address=localhost", "Invalid slipway.proxy.publish-address 'localhost'"},
            {"slipway.proxy.switch-time-limit=0s", "Invalid slipway.proxy.switch-time-limit 'PT0S'"},
            {"slipway.proxy.image=", "Invalid slipway.proxy.image ''"},
        };
        for (String[] invalid : cases) {
            runner.withPropertyValues("slipway.proxy.enabled=true", invalid[0]).run(context -> {
                assertThat(context).as(invalid[0]).hasFailed();
                assertThat(context.getStartupFailure()).as(invalid[0]).rootCause().hasMessageContaining(invalid[1]);
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomRuntime {

        @Bean(destroyMethod = "close")
        DockerContainerRuntime customRuntime() {
            DockerRuntimeSettings defaults = DockerRuntimeSettings.defaults();
            return new DockerContainerRuntime(new DockerRuntimeSettings(defaults.dockerHost(), null, false,
                    "127.0.0.3", defaults.nonRootUser(), defaults.connectTimeout(), defaults.responseTimeout(),
                    defaults.buildTimeout(), defaults.stopTimeout(), defaults.startupCheck()));
        }
    }
}
