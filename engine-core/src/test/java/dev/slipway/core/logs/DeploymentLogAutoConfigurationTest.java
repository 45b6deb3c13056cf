package dev.slipway.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DeploymentLogAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DeploymentLogAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void defaultsPutLogsInWorkDirectory() {
        runner.withPropertyValues("slipway.work-directory=" + directory).run(context -> {
            LogStoreSettings settings = context.getBean(FileDeploymentLogStore.class).settings();

            assertThat(settings.directory()).isEqualTo(directory.resolve("logs"));
            assertThat(settings.maxBytesPerDeployment()).isEqualTo(1024 * 1024);
            assertThat(settings.retention()).isEqualTo(Duration.ofDays(14));
        });
    }

    @Test
    void propertiesSetDirectoryLimitAndRetention() {
        runner.withPropertyValues("slipway.logs.directory=" + directory.resolve("elsewhere"),
                "slipway.logs.max-size-per-deployment=64KB", "slipway.logs.retention=3d").run(context -> {
                    LogStoreSettings settings = context.getBean(FileDeploymentLogStore.class).settings();

                    assertThat(settings.directory()).isEqualTo(directory.resolve("elsewhere"));
                    assertThat(settings.maxBytesPerDeployment()).isEqualTo(64 * 1024);
                    assertThat(settings.retention()).isEqualTo(Duration.ofDays(3));
                });
    }

    @Test
    void sizeUnderOneKilobyteStopsStartup() {
        runner.withPropertyValues("slipway.work-directory=" + directory, "slipway.logs.max-size-per-deployment=512B")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void invalidRetentionStopsStartup() {
        runner.withPropertyValues("slipway.work-directory=" + directory, "slipway.logs.retention=0s")
                .run(context -> assertThat(context).hasFailed());
    }
}
