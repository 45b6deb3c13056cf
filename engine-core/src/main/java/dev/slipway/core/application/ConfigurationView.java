package dev.slipway.core.application;

import java.util.List;
import java.util.Map;

/**
 * Read model of an application's environment variables, secrets and build arguments at one configuration version:
 * the current one, or the one a deployment used. Secrets show their name, version and a mask, never their value.
 *
 * @param applicationId  the application id
 * @param version        the configuration version, 0 before the first change
 * @param environment    environment variables by name, values exactly as set
 * @param buildArguments build arguments by name, values exactly as set
 * @param secrets        secrets sorted by name, without their values
 */
public record ConfigurationView(String applicationId, long version, Map<String, String> environment,
                                Map<String, String> buildArguments, List<SecretView> secrets) {

    public ConfigurationView {
        secrets = List.copyOf(secrets);
    }
}
