package dev.slipway.docker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.docker.DockerContainerRuntime;
import dev.slipway.docker.DockerRuntimeSettings;
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
