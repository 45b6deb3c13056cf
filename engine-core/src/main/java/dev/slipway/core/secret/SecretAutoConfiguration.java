package dev.slipway.core.secret;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Creates the engine's {@link SecretVault} from {@link SecretProperties}, with the master key in
 * {@code slipway.secrets.master-key-file}, in the environment variable {@value MasterKey#ENVIRONMENT_VARIABLE}, or,
 * when {@code slipway.secrets.create-master-key} is on, a key it creates and announces in its log. Without any of
 * them, or with a key that cannot be read, the application fails to start. The wrapped keysets go to a
 * {@link KeysetStore} bean when there is one, such as the {@link PostgresKeysetStore} of the PostgreSQL storage, else
 * to a {@link FileKeysetStore} in {@code slipway.secrets.key-directory}. It also masks the vault's secrets in
 * every log line of the process (see {@link LogRedaction}).
 */
@AutoConfiguration(beforeName = "dev.slipway.core.autoconfigure.SlipwayAutoConfiguration")
@EnableConfigurationProperties(SecretProperties.class)
public class SecretAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretAutoConfiguration.class);
    private static final String MASTER_KEY_FILE = "slipway.secrets.master-key-file";
    private static final String CREATE_MASTER_KEY = "slipway.secrets.create-master-key";

    @Bean
    @ConditionalOnMissingBean
    public SecretVault slipwaySecretVault(SecretProperties properties, Environment environment,
                                          ObjectProvider<KeysetStore> keysetStore) {
        if (!isConfigured(environment)) {
            throw missingMasterKey();
        }
        return new SecretVault(masterKey(properties, System.getenv()),
                keysetStore.getIfAvailable(() -> new FileKeysetStore(properties.keyDirectory())));
    }

    /** Returns where the secret files of applications that ask for them are written. */
    @Bean
    @ConditionalOnMissingBean
    public SecretFiles slipwaySecretFiles(SecretProperties properties) {
        return new SecretFiles(properties.filesDirectory());
    }

    @Bean
    @ConditionalOnMissingBean
    LogRedaction slipwayLogRedaction(SecretVault vault) {
        LogRedaction redaction = LogRedaction.install(vault.redactor());
        if (!redaction.installed()) {
            log.warn("secrets: SLF4J does not log through Logback, so log lines are not masked; secret values that"
                    + " a library logs reach the log as they are");
        }
        return redaction;
    }

    /** Returns the error that stops an engine started without a master key. */
    static SecretException missingMasterKey() {
        return new SecretException("No master key configured, so the engine cannot start: it would have no key to"
                + " encrypt secrets with. Set " + MASTER_KEY_FILE + " to a file that contains the output of"
                + " 'openssl rand -base64 32', or set the environment variable " + MasterKey.ENVIRONMENT_VARIABLE
                + " to that output. Keep a copy of the key: without it no stored secret can be decrypted. For a demo"
                + " only, " + CREATE_MASTER_KEY + "=true creates a key beside the keysets.");
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

    private static boolean isConfigured(Environment environment) {
        return environment.containsProperty(MASTER_KEY_FILE)
                || System.getenv(MasterKey.ENVIRONMENT_VARIABLE) != null
                || environment.getProperty(CREATE_MASTER_KEY, Boolean.class, false);
    }
}
