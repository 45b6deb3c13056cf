package dev.slipway.core.secret;

import dev.slipway.core.application.ApplicationConfiguration;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.StepFailedException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a container's environment: the application's variables, and its secrets decrypted just before start.
 * {@link #secrets} decrypts the secrets alone, for delivery as files.
 */
public final class ContainerEnvironment {

    private ContainerEnvironment() {
    }

    /**
     * Returns the variables and the decrypted secrets of {@code configuration}. The result lives only in memory on
     * its way to the Docker API call.
     *
     * @throws StepFailedException when there are secrets but no vault, or a secret cannot be decrypted; the message
     *                             names the secret and never its value
     */
    public static Map<String, String> of(SecretVault vault, ApplicationId applicationId,
                                         ApplicationConfiguration configuration) {
        if (configuration.secrets().isEmpty()) {
            return configuration.environment();
        }
        Map<String, String> environment = new TreeMap<>(configuration.environment());
        environment.putAll(secrets(vault, applicationId, configuration));
        return environment;
    }

    /**
     * Returns the decrypted secrets of {@code configuration} by name. The result lives only in memory on its way to
     * the container.
     *
     * @throws StepFailedException when there are secrets but no vault, or a secret cannot be decrypted; the message
     *                             names the secret and never its value
     */
    public static Map<String, String> secrets(SecretVault vault, ApplicationId applicationId,
                                              ApplicationConfiguration configuration) {
        if (configuration.secrets().isEmpty()) {
            return Map.of();
        }
        if (vault == null) {
            throw new StepFailedException("Unable to start the container: the application has secrets, but this"
                    + " engine runs without a master key. Configure a master key and deploy again.");
        }
        Map<String, String> secrets = new TreeMap<>();
        configuration.secrets().forEach((name, secret) -> {
            try {
                secrets.put(name, vault.decrypt(applicationId, name, secret));
            } catch (SecretException e) {
                throw new StepFailedException(e.getMessage());
            }
        });
        return secrets;
    }
}
