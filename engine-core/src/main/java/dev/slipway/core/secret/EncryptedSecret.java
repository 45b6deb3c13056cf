package dev.slipway.core.secret;

import dev.slipway.core.spec.InvalidInputException;
import java.util.Base64;

/**
 * A secret value encrypted with its application's data keyset: the id of the key that encrypted it and the Tink
 * ciphertext in base64. Events and snapshots store this form only.
 *
 * @param keyId      the Tink key id of the data key that encrypted the value
 * @param ciphertext the Tink AEAD ciphertext, base64-encoded, bound to the application and the secret's name
 */
public record EncryptedSecret(long keyId, String ciphertext) {

    public EncryptedSecret {
        if (ciphertext == null || ciphertext.isEmpty()) {
            throw InvalidInputException.withoutValue("ciphertext", "must not be empty");
        }
    }

    byte[] ciphertextBytes() {
        return Base64.getDecoder().decode(ciphertext);
    }

    @Override
    public String toString() {
        return "EncryptedSecret[keyId=" + keyId + ", " + ciphertext.length() + " base64 characters]";
    }
}
