package dev.slipway.core.secret;

import dev.slipway.core.SlipwayException;

/** Signals that a secret or a key cannot be used. Messages name the secret and never contain its value. */
public class SecretException extends SlipwayException {

    public SecretException(String message) {
        super(message);
    }

    public SecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
