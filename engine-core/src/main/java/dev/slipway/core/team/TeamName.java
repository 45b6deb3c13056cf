package dev.slipway.core.team;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.slipway.core.spec.InvalidInputException;
import java.util.regex.Pattern;

/** Name of a team for people: 1 to 64 letters, digits, spaces or {@code ._-}, starting with a letter or digit. */
public record TeamName(String value) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");

    @JsonCreator
    public TeamName {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new InvalidInputException("name", "must be 1 to 64 letters, digits, spaces or '._-', starting with"
                    + " a letter or digit", value);
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
