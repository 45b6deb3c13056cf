package dev.slipway.core.secret;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.slipway.core.application.ApplicationId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts and decrypts secret values with Tink AEAD (AES-256-GCM). Each application has its own data keyset,
 * stored wrapped by the {@link MasterKey} in a {@link KeysetStore}. Each ciphertext is bound to its application and
 * the secret's name as associated data, so a ciphertext copied to another secret does not decrypt.
 *
 * <p>Rotation adds a new primary key: new values use it, older ciphertexts stay readable with the key that made
 * them, and {@link #reencrypt} moves a ciphertext to the primary key. Destroying an application's keyset makes
 * every one of its ciphertexts unreadable for good.
 *
 * <p>Every value the vault encrypts or decrypts is registered with its {@link #redactor()}, the engine's one
 * redaction layer, under the application and the secret's name, until {@link #forget} or {@link #destroy} drops
 * it.
 */
public final class SecretVault {

    private static final Logger log = LoggerFactory.getLogger(SecretVault.class);
    /** Tink's prefix before the ciphertext: one version byte and the 4-byte id of the key. */
    private static final int TINK_PREFIX_BYTES = 5;

    private final MasterKey masterKey;
    private final KeysetStore store;
    private final Redactor redactor = new Redactor();

    public SecretVault(MasterKey masterKey, KeysetStore store) {
        this.masterKey = masterKey;
        this.store = store;
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new SecretException("Unable to register Tink's AEAD primitives: " + e.getMessage(), e);
        }
    }

    /**
     * Encrypts a secret value with the application's primary data key, creating the keyset on first use.
     *
     * @throws SecretException when the application's keyset was destroyed or cannot be read
     */
    public EncryptedSecret encrypt(ApplicationId applicationId, String name, String plaintext) {
        redactor.register(owner(applicationId, name), plaintext);
        return encryptUnmasked(applicationId, name, plaintext);
    }

    /**
     * Encrypts a secret value like {@link #encrypt}, but without registering it with the redactor. It is for a value
     * that one response must show once, such as a new webhook secret, which the mask would otherwise replace in that
     * response. Decrypt such a value with {@link #decryptUnmasked}, which does not register it either.
     *
     * @throws SecretException when the application's keyset was destroyed or cannot be read
     */
    public EncryptedSecret encryptUnmasked(ApplicationId applicationId, String name, String plaintext) {
        KeysetHandle keyset = keysetOrCreate(applicationId);
        try {
            Aead aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
            byte[] ciphertext = aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), context(applicationId, name));
            return new EncryptedSecret(keyIdOf(ciphertext), Base64.getEncoder().encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new SecretException("Unable to encrypt secret '" + name + "' of application '" + applicationId
                    + "': " + e.getMessage() + ".", e);
        }
    }

    /**
     * Decrypts a secret value. Fails closed: a changed byte, a ciphertext of another secret, or a destroyed keyset
     * raises an exception that names the secret and never its value.
     *
     * @throws SecretException when the value cannot be decrypted
     */
    public String decrypt(ApplicationId applicationId, String name, EncryptedSecret secret) {
        String value = plaintext(applicationId, name, secret);
        redactor.register(owner(applicationId, name), value);
        return value;
    }

    /**
     * Decrypts a value of {@link #encryptUnmasked} without registering it with the redactor.
     *
     * @throws SecretException when the value cannot be decrypted
     */
    public String decryptUnmasked(ApplicationId applicationId, String name, EncryptedSecret secret) {
        return plaintext(applicationId, name, secret);
    }

    /**
     * Decrypts a secret value only to pass it to {@code check}, such as
     * {@link dev.slipway.core.application.VariableValues#requireValidSecret}. The value is not registered with the
     * redactor, so a value that the check rejects is not masked in output from then on.
     *
     * @throws SecretException when the value cannot be decrypted
     */
    public void checkPlaintext(ApplicationId applicationId, String name, EncryptedSecret secret,
                               Consumer<String> check) {
        check.accept(plaintext(applicationId, name, secret));
    }

    /**
     * Returns whether two ciphertexts of one secret contain the same value, as a re-encryption under a newer data key
     * must. Neither value is registered with the redactor. The values are compared in constant time.
     *
     * @throws SecretException when either ciphertext cannot be decrypted
     */
    public boolean sameValue(ApplicationId applicationId, String name, EncryptedSecret first, EncryptedSecret second) {
        byte[] firstValue = plaintext(applicationId, name, first).getBytes(StandardCharsets.UTF_8);
        byte[] secondValue = plaintext(applicationId, name, second).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(firstValue, secondValue);
    }

    private String plaintext(ApplicationId applicationId, String name, EncryptedSecret secret) {
        if (store.isDestroyed(applicationId)) {
            throw new SecretException("Unable to decrypt secret '" + name + "' of application '" + applicationId
                    + "': the application's key was destroyed when it was deleted, so the value is gone for good.");
        }
        KeysetHandle keyset = keyset(applicationId);
        if (keyset == null) {
            throw new SecretException("Unable to decrypt secret '" + name + "' of application '" + applicationId
                    + "': the application has no key in the key store. Restore the key store from a backup, or set"
                    + " the secret again.");
        }
        try {
            Aead aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
            byte[] plaintext = aead.decrypt(secret.ciphertextBytes(), context(applicationId, name));
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            log.warn("application [{}] secret [{}] failed to decrypt with key [{}]", applicationId, name,
                    secret.keyId());
            throw new SecretException("Unable to decrypt secret '" + name + "' of application '" + applicationId
                    + "': its stored ciphertext was altered or belongs to another secret. Set the secret again.");
        }
    }

    /**
     * Adds a new primary data key to the application's keyset and returns its id. Existing ciphertexts stay
     * readable.
     */
    public long rotate(ApplicationId applicationId) {
        KeysetHandle current = keysetOrCreate(applicationId);
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(current)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build();
            save(applicationId, rotated);
            long keyId = Integer.toUnsignedLong(rotated.getPrimary().getId());
            log.info("application [{}] data key rotated; new primary key [{}]", applicationId, keyId);
            return keyId;
        } catch (GeneralSecurityException e) {
            throw new SecretException("Unable to rotate the key of application '" + applicationId + "': "
                    + e.getMessage() + ".", e);
        }
    }

    /** Returns the id of the application's primary data key, creating the keyset on first use. */
    public long primaryKeyId(ApplicationId applicationId) {
        return Integer.toUnsignedLong(keysetOrCreate(applicationId).getPrimary().getId());
    }

    /**
     * Returns the secret encrypted with the application's primary data key: the same ciphertext when it already
     * uses that key, else a new one.
     *
     * @throws SecretException when the value cannot be decrypted
     */
    public EncryptedSecret reencrypt(ApplicationId applicationId, String name, EncryptedSecret secret) {
        if (secret.keyId() == primaryKeyId(applicationId)) {
            return secret;
        }
        return encrypt(applicationId, name, decrypt(applicationId, name, secret));
    }

    /**
     * Encrypts a small engine value that belongs to no application, such as a user's TOTP secret, directly with the
     * master key, bound to {@code associatedData}, and returns the ciphertext as base64. Every node with the same
     * master key can decrypt it. NOTE: replacing the master key makes these values unreadable, because only the
     * application keysets are re-wrapped.
     */
    public String encryptWithMasterKey(byte[] plaintext, String associatedData) {
        try {
            byte[] ciphertext = masterKey.aead().encrypt(plaintext, associatedData.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new SecretException("Unable to encrypt a value with the master key: " + e.getMessage() + ".", e);
        }
    }

    /**
     * Decrypts a value of {@link #encryptWithMasterKey} that was bound to the same {@code associatedData}.
     *
     * @throws SecretException when the ciphertext was altered, belongs to other associated data or was made with
     *                         another master key
     */
    public byte[] decryptWithMasterKey(String ciphertext, String associatedData) {
        try {
            return masterKey.aead().decrypt(Base64.getDecoder().decode(ciphertext),
                    associatedData.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretException("Unable to decrypt a value stored under the master key: it was altered, or the"
                    + " master key is not the one it was encrypted with. Configure the original master key.");
        }
    }

    /**
     * Returns the redactor that masks every secret value this vault has encrypted or decrypted since it started,
     * except the values that {@link #forget} or {@link #destroy} dropped.
     */
    public Redactor redactor() {
        return redactor;
    }

    /**
     * Stops masking the values that secret {@code name} of the application had, unless another secret has the same
     * value. Call it when the secret is removed.
     */
    public void forget(ApplicationId applicationId, String name) {
        redactor.forget(List.of(owner(applicationId, name)));
    }

    /** Stops masking the values of every secret of the application, unless another secret has the same value. */
    public void forget(ApplicationId applicationId) {
        String prefix = owner(applicationId, "");
        redactor.forget(redactor.owners().stream().filter(owner -> owner.startsWith(prefix)).toList());
    }

    /**
     * Destroys the application's data keyset, so every ciphertext made with it becomes unreadable for good, and
     * stops masking the application's secret values.
     */
    public void destroy(ApplicationId applicationId) {
        store.destroy(applicationId);
        forget(applicationId);
        log.info("application [{}] data keyset destroyed; its secrets can no longer be decrypted", applicationId);
    }

    /** Returns whether the application's data keyset was destroyed. */
    public boolean isDestroyed(ApplicationId applicationId) {
        return store.isDestroyed(applicationId);
    }

    private synchronized KeysetHandle keysetOrCreate(ApplicationId applicationId) {
        if (store.isDestroyed(applicationId)) {
            throw new SecretException("Unable to use the key of application '" + applicationId
                    + "': it was destroyed when the application was deleted.");
        }
        KeysetHandle existing = keyset(applicationId);
        if (existing != null) {
            return existing;
        }
        try {
            KeysetHandle created = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            if (!store.saveNew(applicationId, TinkProtoKeysetFormat.serializeEncryptedKeyset(created,
                    masterKey.aead(), keysetContext(applicationId)))) {
                // Another engine process that shares the store created the keyset first.
                return keyset(applicationId);
            }
            log.info("application [{}] data keyset created", applicationId);
            return created;
        } catch (GeneralSecurityException e) {
            throw new SecretException("Unable to create a key for application '" + applicationId + "': "
                    + e.getMessage() + ".", e);
        }
    }

    private KeysetHandle keyset(ApplicationId applicationId) {
        byte[] wrapped = store.load(applicationId).orElse(null);
        if (wrapped == null) {
            return null;
        }
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, masterKey.aead(), keysetContext(applicationId));
        } catch (GeneralSecurityException e) {
            throw new SecretException("Unable to unwrap the key of application '" + applicationId + "': the master"
                    + " key is not the one that wrapped it, or the stored keyset was altered. Start the engine with"
                    + " the original master key.", e);
        }
    }

    private void save(ApplicationId applicationId, KeysetHandle keyset) throws GeneralSecurityException {
        store.save(applicationId, TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, masterKey.aead(),
                keysetContext(applicationId)));
    }

    private static long keyIdOf(byte[] ciphertext) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(ciphertext, 1, TINK_PREFIX_BYTES - 1).getInt());
    }

    /**
     * Returns a filter for {@link Redactor#redact(String, Predicate)} that accepts the secrets of the applications
     * that {@code applications} accepts.
     */
    public static Predicate<String> secretsOf(Predicate<ApplicationId> applications) {
        return owner -> {
            int slash = owner.indexOf('/');
            if (slash <= 0) {
                return false;
            }
            try {
                return applications.test(ApplicationId.of(owner.substring(0, slash)));
            } catch (RuntimeException e) {
                return false;
            }
        };
    }

    private static String owner(ApplicationId applicationId, String name) {
        return applicationId + "/" + name;
    }

    private static byte[] context(ApplicationId applicationId, String name) {
        return ("slipway-secret\0" + applicationId + "\0" + name).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] keysetContext(ApplicationId applicationId) {
        return ("slipway-keyset\0" + applicationId).getBytes(StandardCharsets.UTF_8);
    }
}
