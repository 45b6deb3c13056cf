package dev.slipway.core.application;

import dev.slipway.core.spec.InvalidInputException;

/**
 * Checks the value of an environment variable or a build argument. Every character except NUL is accepted and kept
 * as it is: {@code $}, quotes, {@code #}, {@code =}, tabs and line breaks are data, never syntax.
 */
public final class VariableValues {

    /**
     * The maximum length of a value, in characters. Linux rejects a single environment entry longer than 128 KiB
     * ({@code MAX_ARG_STRLEN}); this limit stays well below it even when every character takes four bytes in UTF-8.
     */
    public static final int MAX_LENGTH = 16_384;

    /** The minimum length of a secret value, so that masking it in output never hides ordinary words. */
    public static final int MIN_SECRET_LENGTH = 8;

    private VariableValues() {
    }

    /**
     * Returns {@code value} unchanged when Docker can carry it.
     *
     * @throws InvalidInputException when the value is missing, too long, or contains NUL, because the Docker API and
     *                               the process environment cannot carry NUL. The message never repeats the value.
     */
    public static String requireValid(String value) {
        if (value == null) {
            throw InvalidInputException.withoutValue("value", "must be given; use an empty string for an empty value");
        }
        if (value.length() > MAX_LENGTH) {
            throw InvalidInputException.withoutValue("value", "must be at most " + MAX_LENGTH + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw InvalidInputException.withoutValue("value",
                    "must not contain the NUL character, because the Docker API and the process environment cannot"
                            + " carry it");
        }
        return value;
    }

    /**
     * Returns a secret value unchanged when Docker can carry it and it is long enough to mask.
     *
     * @throws InvalidInputException when the value breaks a rule of {@link #requireValid}, or is shorter than
     *                               {@value #MIN_SECRET_LENGTH} characters. The message never repeats the value.
     */
    public static String requireValidSecret(String value) {
        requireValid(value);
        if (value.length() < MIN_SECRET_LENGTH) {
            throw InvalidInputException.withoutValue("value", "must be at least " + MIN_SECRET_LENGTH
                    + " characters, so that masking it in output never hides ordinary words");
        }
        return value;
    }
}
