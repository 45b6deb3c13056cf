package dev.slipway.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * Name of an application: a DNS label as RFC 1123 defines it, in lower case, so it can name Docker objects and
 * host names without escaping.
 */
public record ApplicationName(@JsonValue String value) {

    static final String RULE = "must be 1 to 63 characters of lower-case letters, digits and '-', starting and"
            + " ending with a letter or digit";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ApplicationName {
        if (value == null || !LABEL.matcher(value).matches()) {
            throw new InvalidInputException("name", RULE, value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
