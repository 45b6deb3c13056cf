package dev.slipway.core.logs;

import dev.slipway.core.autoconfigure.SlipwayProperties;
import dev.slipway.core.secret.SecretVault;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Creates the engine's {@link DeploymentLogStore} from {@link DeploymentLogProperties}: a
 * {@link FileDeploymentLogStore} that masks the secrets of the {@link SecretVault}, when one exists.
 */
@AutoConfiguration(beforeName = "dev.slipway.core.autoconfigure.SlipwayAutoConfiguration")
@EnableConfigurationProperties({DeploymentLogProperties.class, SlipwayProperties.class})
public class DeploymentLogAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public DeploymentLogStore slipwayDeploymentLogStore(DeploymentLogProperties properties,
                                                        SlipwayProperties engine, ObjectProvider<Clock> clock,
                                                        ObjectProvider<SecretVault> secretVault) {
        Path directory = properties.directory() != null ? properties.directory()
                : engine.workDirectory().resolve("logs");
        LogStoreSettings settings = new LogStoreSettings(directory, properties.maxSizePerDeployment().toBytes(),
                properties.retention());
        SecretVault vault = secretVault.getIfAvailable();
        return new FileDeploymentLogStore(settings, clock.getIfAvailable(Clock::systemUTC),
                vault == null ? null : vault.redactor());
    }
}
