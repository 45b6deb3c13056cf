package dev.slipway.core.deployment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.slipway.core.spec.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Key that a client sends with a deployment request so that a repeated request returns the deployment of the
 * first one instead of starting another. A key is scoped to one application.
 *
 * @param value 1 to 128 characters from {@code A-Z a-z 0-9 . _ : -}
 */
public record IdempotencyKey(String value) {

    /** Metadata key under which the event that starts a deployment stores its idempotency key. */
    public static final String METADATA_KEY = "slipway.idempotencyKey";
    /** The maximum length of a key, in characters. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    public IdempotencyKey {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidInputException("idempotencyKey",
                    "must be 1 to 128 characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'", value);
        }
    }

    @JsonCreator
    public static IdempotencyKey of(String value) {
        return new IdempotencyKey(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
