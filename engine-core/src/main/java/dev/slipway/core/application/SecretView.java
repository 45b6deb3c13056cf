package dev.slipway.core.application;

import java.time.Instant;

/**
 * Read model of a secret: its name, version and origin, and a mask in place of its value.
 *
 * @param name      the secret's name, which is also the container's environment variable
 * @param version   counts how often the secret was set, starting at 1
 * @param keyId     the id of the data key that encrypted the stored value
 * @param setBy     who set the current value, such as {@code user:alice}
 * @param setAt     when the current value was set
 * @param mask      a fixed mask that stands for the value
 * @param destroyed whether the application was deleted, which destroyed the key, so the value is gone for good
 */
public record SecretView(String name, long version, long keyId, String setBy, Instant setAt, String mask,
                         boolean destroyed) {

    /** The mask every secret shows instead of its value. */
    public static final String MASK = "********";
}
