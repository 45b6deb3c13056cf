package dev.slipway.core.secret;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The key that wraps every application's data keyset: 32 random bytes for AES-256-GCM, written as base64 in a file
 * or an environment variable. It never encrypts a secret itself, so replacing it means re-wrapping the keysets
 * only.
 */
public final class MasterKey {

    /** The environment variable that {@link #fromEnvironment} reads. */
    public static final String ENVIRONMENT_VARIABLE = "SLIPWAY_MASTER_KEY";

    private static final int KEY_BYTES = 32;

    private final Aead aead;

    private MasterKey(byte[] keyBytes) {
        try {
            AeadConfig.register();
            AesGcmParameters parameters = AesGcmParameters.builder()
                    .setKeySizeBytes(KEY_BYTES)
                    .setIvSizeBytes(12)
                    .setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                    .build();
            AesGcmKey key = AesGcmKey.builder()
                    .setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(keyBytes, InsecureSecretKeyAccess.get()))
                    .build();
            KeysetHandle handle = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                    .build();
            this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new SecretException("Unable to load the master key: Tink rejected it (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Reads the master key from the base64 text of 32 bytes.
     *
     * @throws SecretException when the text is not base64 or does not hold exactly 32 bytes
     */
    public static MasterKey fromBase64(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new SecretException("Invalid master key in " + source + ": it must be the base64 text of "
                    + KEY_BYTES + " random bytes, such as the output of 'openssl rand -base64 32'.");
        }
        if (bytes.length != KEY_BYTES) {
            throw new SecretException("Invalid master key in " + source + ": it decodes to " + bytes.length
                    + " bytes, but it must be " + KEY_BYTES + " bytes. Create one with 'openssl rand -base64 32'.");
        }
        return new MasterKey(bytes);
    }

    /**
     * Reads the master key from a file that contains its base64 text.
     *
     * @throws SecretException when the file is missing, unreadable or contains no valid key
     */
    public static MasterKey fromFile(Path file) {
        try {
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII), "file '" + file + "'");
        } catch (NoSuchFileException e) {
            throw new SecretException("Master key file '" + file + "' not found. Create it with"
                    + " 'openssl rand -base64 32 > " + file + "' and keep a copy: without it no secret can be"
                    + " decrypted.", e);
        } catch (IOException e) {
            throw new SecretException("Unable to read master key file '" + file + "': " + e.getMessage()
                    + ". Check its permissions.", e);
        }
    }

    /**
     * Reads the master key from the {@value #ENVIRONMENT_VARIABLE} entry of {@code environment}.
     *
     * @throws SecretException when the variable is missing or contains no valid key
     */
    public static MasterKey fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            throw new SecretException("No master key: environment variable " + ENVIRONMENT_VARIABLE
                    + " is not set. Set it to the output of 'openssl rand -base64 32', or configure a master key"
                    + " file.");
        }
        return fromBase64(value, "environment variable " + ENVIRONMENT_VARIABLE);
    }

    /**
     * Creates a new random master key that exists in memory only. Secrets encrypted under it cannot be decrypted
     * after the process ends, so it suits tests and engines whose events are kept in memory too.
     */
    public static MasterKey generate() {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        return new MasterKey(bytes);
    }

    /**
     * Creates a new random master key, writes its base64 text to {@code file} readable by the owner only, and
     * returns it.
     *
     * @throws SecretException when the file exists or cannot be written
     */
    public static MasterKey createFile(Path file) {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        String text = Base64.getEncoder().encodeToString(bytes) + "\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new SecretException("Unable to create master key file '" + file + "': " + e.getMessage() + ".",
                    e);
        }
        return new MasterKey(bytes);
    }

    Aead aead() {
        return aead;
    }

    @Override
    public String toString() {
        return "MasterKey[AES-256-GCM]";
    }
}
