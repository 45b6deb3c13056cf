package dev.slipway.core.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.core.deployment.BuildSlots;
import dev.slipway.core.engine.EngineComponents;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.SourceRepository;
import dev.slipway.core.secret.SecretAutoConfiguration;
import java.nio.file.Path;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration;
import org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration;
import org.axonframework.springboot.autoconfig.InfraConfiguration;
import org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration;
import org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class BuildSlotsPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(context -> new SlipwayEnvironmentDefaults()
                    .postProcessEnvironment(context.getEnvironment(), null))
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                    ObjectMapperAutoConfiguration.class, NoOpTransactionAutoConfiguration.class,
                    SlipwayEventStorageAutoConfiguration.class, AxonAutoConfiguration.class,
                    EventProcessingAutoConfiguration.class, InfraConfiguration.class,
                    AxonTracingAutoConfiguration.class, SecretAutoConfiguration.class,
                    SlipwayAutoConfiguration.class))
            .withBean(SourceRepository.class, () -> Mockito.mock(SourceRepository.class))
            .withBean(ContainerRuntime.class, () -> Mockito.mock(ContainerRuntime.class))
            .withPropertyValues("slipway.work-directory=" + Path.of("target", "work").toAbsolutePath(),
                    "slipway.secrets.create-master-key=true",
                    "slipway.secrets.key-directory=" + Path.of("target", "slipway-keys").toAbsolutePath());

    @Test
    void defaultBuildSlots() {
        runner.run(context -> assertThat(context.getBean(EngineComponents.class).stepRunner().buildSlots())
                .isEqualTo(new BuildSlots(2, 4)));
    }

    @Test
    void buildSlotsComeFromProperties() {
        runner.withPropertyValues("slipway.build-slots.per-server=1", "slipway.build-slots.engine=3")
                .run(context -> assertThat(context.getBean(EngineComponents.class).stepRunner().buildSlots())
                        .isEqualTo(new BuildSlots(1, 3)));
    }

    @Test
    void zeroBuildSlotsFailStartup() {
        runner.withPropertyValues("slipway.build-slots.per-server=0")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().rootCause().hasMessageContaining("perServer"));
    }
}
