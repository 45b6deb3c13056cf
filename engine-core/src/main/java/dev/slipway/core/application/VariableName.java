package dev.slipway.core.application;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.slipway.core.spec.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Name of an environment variable or a build argument: a letter or {@code _}, then letters, digits and {@code _}, as
 * POSIX shells and Docker's {@code ARG} accept them. Names with spaces, {@code =}, a leading digit or {@code -}, or
 * a line break are rejected, so a name can never be read as an option or split into two entries.
 */
public record VariableName(@JsonValue String value) {

    /** The maximum length of a name, in characters. */
    public static final int MAX_LENGTH = 255;

    static final String RULE = "must be 1 to " + MAX_LENGTH + " characters of ASCII letters, digits and '_',"
            + " starting with a letter or '_'";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public VariableName {
        if (value == null || value.length() > MAX_LENGTH || !NAME.matcher(value).matches()) {
            throw new InvalidInputException("name", RULE, value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
