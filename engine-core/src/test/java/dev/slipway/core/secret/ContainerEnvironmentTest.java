package dev.slipway.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationConfiguration;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.ContainerRequest;
import dev.slipway.core.runtime.ResourceLimits;
import dev.slipway.core.runtime.StepFailedException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerEnvironmentTest {

    private static final String API_KEY = "sk_test_PLACEHOLDER_987";
    private static final ApplicationId APP = ApplicationId.random();

    private final SecretVault vault = new SecretVault(MasterKey.fromBase64(randomKey(), "test"),
            new InMemoryKeysetStore());

    @Test
    void environmentHasVariablesAndDecryptedSecrets() {
        ApplicationConfiguration configuration = new ApplicationConfiguration(2, Map.of("MODE", "a=b"), Map.of(),
                Map.of("API_KEY", vault.encrypt(APP, "API_KEY", API_KEY)));

        Map<String, String> environment = ContainerEnvironment.of(vault, APP, configuration);

        assertThat(environment).containsExactlyInAnyOrderEntriesOf(Map.of("MODE", "a=b", "API_KEY", API_KEY));
    }

    @Test
    void secretsWithoutVaultFailTheStart() {
        ApplicationConfiguration configuration = new ApplicationConfiguration(1, Map.of(), Map.of(),
                Map.of("API_KEY", vault.encrypt(APP, "API_KEY", API_KEY)));

        assertThatThrownBy(() -> ContainerEnvironment.of(null, APP, configuration))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("without a master key");
    }

    @Test
    void destroyedKeyFailsStartNamingSecret() {
        ApplicationConfiguration configuration = new ApplicationConfiguration(1, Map.of(), Map.of(),
                Map.of("API_KEY", vault.encrypt(APP, "API_KEY", API_KEY)));
        vault.destroy(APP);

        assertThatThrownBy(() -> ContainerEnvironment.of(vault, APP, configuration))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("secret 'API_KEY'")
                .hasMessageNotContaining(API_KEY);
    }

    @Test
    void containerRequestTextOmitsValues() {
        ContainerRequest request = new ContainerRequest("web-1", "sha256:1", "net", 8080,
                Map.of("API_KEY", API_KEY), ResourceLimits.DEFAULT, Map.of());

        assertThat(request.toString()).contains("API_KEY").doesNotContain(API_KEY);
    }

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
