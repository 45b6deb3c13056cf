package dev.slipway.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretVaultTest {

    private static final String API_KEY = "sk_test_PLACEHOLDER_987";
    private static final ApplicationId APP = ApplicationId.random();

    @TempDir
    Path directory;

    private final MasterKey masterKey = MasterKey.fromBase64(randomKey(), "test");

    @Test
    void removedSecretIsNoLongerMasked() {
        SecretVault vault = new SecretVault(masterKey, new InMemoryKeysetStore());
        vault.encrypt(APP, "API_KEY", API_KEY);
        vault.encrypt(APP, "OTHER_KEY", "other-secret-value");

        vault.forget(APP, "API_KEY");

        assertThat(vault.redactor().redact(API_KEY + " other-secret-value")).isEqualTo(API_KEY + " ********");
    }

    @Test
    void destroyedApplicationIsNoLongerMasked() {
        SecretVault vault = new SecretVault(masterKey, new InMemoryKeysetStore());
        ApplicationId other = ApplicationId.random();
        vault.encrypt(APP, "API_KEY", API_KEY);
        vault.encrypt(other, "API_KEY", "other-secret-value");

        vault.destroy(APP);

        assertThat(vault.redactor().redact(API_KEY + " other-secret-value")).isEqualTo(API_KEY + " ********");
    }

    @Test
    void encryptThenDecryptReturnsExactValue() {
        SecretVault vault = new SecretVault(masterKey, new InMemoryKeysetStore());
        String value = "p4ss$word 'x' \"y\" #z\nline\r\n€";

        EncryptedSecret encrypted = vault.encrypt(APP, "API_KEY", value);

        assertThat(vault.decrypt(APP, "API_KEY", encrypted)).isEqualTo(value);
        assertThat(encrypted.keyId()).isEqualTo(vault.primaryKeyId(APP));
    }

    @Test
    void ciphertextHoldsNoFormOfPlaintext() {
        SecretVault vault = new SecretVault(masterKey, new InMemoryKeysetStore());

        EncryptedSecret encrypted = vault.encrypt(APP, "API_KEY", API_KEY);

        String decoded = new String(Base64.getDecoder().decode(encrypted.ciphertext()), StandardCharsets.ISO_8859_1);
        assertThat(encrypted.ciphertext()).doesNotContain(API_KEY).doesNotContain(base64(API_KEY));
        assertThat(decoded).doesNotContain(API_KEY);
        assertThat(encrypted.toString()).doesNotContain(encrypted.ciphertext());
    }

    @Test
    void flippedByteFailsClosedNamingSecret() {
        SecretVault vault = new SecretVault(masterKey, new InMemoryKeysetStore());
        EncryptedSecret encrypted = vault.encrypt(APP, "API_KEY", API_KEY);
        byte[] bytes = Base64.getDecoder().decode(encrypted.ciphertext());
        bytes[bytes.length / 2] ^= 0x01;
        EncryptedSecret flipped = new EncryptedSecret(encrypted.keyId(), Base64.getEncoder().encodeToString(bytes));

        assertThatThrownBy(() -> vault.decrypt(APP, "API_KEY", flipped))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("secret 'API_KEY'")
                .hasMessageContaining("altered")
                .hasMessageNotContaining(API_KEY);
    }

    @Test
    void ciphertextOfOtherSecretDoesNotDecrypt() {
        SecretVault vault = new SecretVault(masterKey, new InMemoryKeysetStore());
        EncryptedSecret encrypted = vault.encrypt(APP, "API_KEY", API_KEY);

        assertThatThrownBy(() -> vault.decrypt(APP, "OTHER_KEY", encrypted))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("secret 'OTHER_KEY'");
    }

    @Test
    void rotateKeepsOldCiphertextReadable() {
        SecretVault vault = new SecretVault(masterKey, new InMemoryKeysetStore());
        EncryptedSecret before = vault.encrypt(APP, "API_KEY", API_KEY);

        long newKey = vault.rotate(APP);
        EncryptedSecret after = vault.encrypt(APP, "API_KEY", API_KEY);
        EncryptedSecret moved = vault.reencrypt(APP, "API_KEY", before);

        assertThat(newKey).isNotEqualTo(before.keyId());
        assertThat(after.keyId()).isEqualTo(newKey);
        assertThat(vault.decrypt(APP, "API_KEY", before)).isEqualTo(API_KEY);
        assertThat(moved.keyId()).isEqualTo(newKey);
        assertThat(moved.ciphertext()).isNotEqualTo(before.ciphertext());
        assertThat(vault.decrypt(APP, "API_KEY", moved)).isEqualTo(API_KEY);
        assertThat(vault.reencrypt(APP, "API_KEY", moved)).isSameAs(moved);
    }

    @Test
    void destroyedKeysetMakesSecretsUnreadableAfterRestart() {
        Path keys = directory.resolve("keys");
        SecretVault vault = new SecretVault(masterKey, new FileKeysetStore(keys));
        EncryptedSecret encrypted = vault.encrypt(APP, "API_KEY", API_KEY);
        ApplicationId other = ApplicationId.random();
        EncryptedSecret otherSecret = vault.encrypt(other, "API_KEY", "another-value");

        vault.destroy(APP);
        SecretVault restarted = new SecretVault(masterKey, new FileKeysetStore(keys));

        assertThatThrownBy(() -> restarted.decrypt(APP, "API_KEY", encrypted))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("destroyed")
                .hasMessageNotContaining(API_KEY);
        assertThatThrownBy(() -> restarted.encrypt(APP, "API_KEY", "new"))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("destroyed");
        assertThat(keys.resolve(APP + ".keyset")).doesNotExist();
        assertThat(restarted.decrypt(other, "API_KEY", otherSecret)).isEqualTo("another-value");
    }

    @Test
    void keysetFileIsWrappedAndOwnerOnly() throws Exception {
        Path keys = directory.resolve("keys");
        SecretVault vault = new SecretVault(masterKey, new FileKeysetStore(keys));
        vault.encrypt(APP, "API_KEY", API_KEY);
        Path keyset = keys.resolve(APP + ".keyset");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset))).isEqualTo("rw-------");
        SecretVault wrongMaster = new SecretVault(MasterKey.fromBase64(randomKey(), "test"), new FileKeysetStore(keys));
        assertThatThrownBy(() -> wrongMaster.encrypt(APP, "API_KEY", API_KEY))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("master key is not the one that wrapped it");
    }

    @Test
    void masterKeyRejectsMissingOrShortKey() {
        assertThatThrownBy(() -> MasterKey.fromEnvironment(Map.of()))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("SLIPWAY_MASTER_KEY is not set");
        assertThatThrownBy(() -> MasterKey.fromEnvironment(Map.of("SLIPWAY_MASTER_KEY", base64("short"))))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("decodes to 5 bytes, but it must be 32 bytes");
        assertThat(MasterKey.fromEnvironment(Map.of("SLIPWAY_MASTER_KEY", randomKey()))).isNotNull();
    }

    @Test
    void createdMasterKeyReadsBack() {
        Path file = directory.resolve("master.key");
        MasterKey created = MasterKey.createFile(file);
        EncryptedSecret encrypted = new SecretVault(created, new FileKeysetStore(directory.resolve("k")))
                .encrypt(APP, "API_KEY", API_KEY);

        MasterKey read = MasterKey.fromFile(file);

        assertThat(new SecretVault(read, new FileKeysetStore(directory.resolve("k"))).decrypt(APP, "API_KEY",
                encrypted)).isEqualTo(API_KEY);
        assertThatThrownBy(() -> MasterKey.fromFile(directory.resolve("missing.key")))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("not found");
    }

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
