package dev.slipway.core.secret;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Creates the engine's {@link SecretVault} from {@link SecretProperties} when a master key is configured: in
 * {@code slipway.secrets.master-key-file}, in the environment variable {@value MasterKey#ENVIRONMENT_VARIABLE}, or,
 * when {@code slipway.secrets.create-master-key} is on, a key it creates and announces in its log. A configured key
 * that cannot be read stops the application from starting.
 *
 * <p>NOTE: Without any master key the application still starts, logs a warning, and rejects every request to set
 * a secret; deployments of applications with secrets then fail at the container start.
 */
@AutoConfiguration(beforeName = "dev.slipway.core.autoconfigure.SlipwayAutoConfiguration")
@EnableConfigurationProperties(SecretProperties.class)
public class SecretAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretAutoConfiguration.class);
    private static final String MASTER_KEY_FILE = "slipway.secrets.master-key-file";
    private static final String CREATE_MASTER_KEY = "slipway.secrets.create-master-key";

    public SecretAutoConfiguration(Environment environment) {
        if (!MasterKeyConfigured.isConfigured(environment)) {
            log.warn("secrets: no master key configured, so secrets are disabled. Set {} or the environment"
                    + " variable {}", MASTER_KEY_FILE, MasterKey.ENVIRONMENT_VARIABLE);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(MasterKeyConfigured.class)
    public SecretVault slipwaySecretVault(SecretProperties properties) {
        return new SecretVault(masterKey(properties, System.getenv()), new FileKeysetStore(properties.keyDirectory()));
    }

    static MasterKey masterKey(SecretProperties properties, Map<String, String> environment) {
        if (properties.masterKeyFile() != null) {
            log.info("secrets: master key read from file [{}]", properties.masterKeyFile());
            return MasterKey.fromFile(properties.masterKeyFile());
        }
        if (environment.containsKey(MasterKey.ENVIRONMENT_VARIABLE)) {
            log.info("secrets: master key read from environment variable [{}]", MasterKey.ENVIRONMENT_VARIABLE);
            return MasterKey.fromEnvironment(environment);
        }
        Path file = properties.keyDirectory().resolve("master.key");
        if (Files.exists(file)) {
            log.warn("secrets: demo mode reuses the master key it created at [{}]; configure {} for real use", file,
                    MASTER_KEY_FILE);
            return MasterKey.fromFile(file);
        }
        log.warn("secrets: demo mode created a new master key at [{}]; configure {} for real use and keep a copy"
                + " of the key", file, MASTER_KEY_FILE);
        return MasterKey.createFile(file);
    }

    /** Matches when a master key file, the master key environment variable, or demo key creation is configured. */
    static final class MasterKeyConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isConfigured(context.getEnvironment());
        }

        static boolean isConfigured(Environment environment) {
            return environment.containsProperty(MASTER_KEY_FILE)
                    || System.getenv(MasterKey.ENVIRONMENT_VARIABLE) != null
                    || environment.getProperty(CREATE_MASTER_KEY, Boolean.class, false);
        }
    }
}
