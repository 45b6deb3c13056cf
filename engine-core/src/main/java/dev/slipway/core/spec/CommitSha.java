package dev.slipway.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** Full SHA-1 object name of a Git commit: 40 lower-case hexadecimal digits. */
public record CommitSha(@JsonValue String value) {

    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CommitSha {
        if (value == null || !SHA1.matcher(value).matches()) {
            throw new InvalidInputException("commit", "must be 40 lower-case hexadecimal digits", value);
        }
    }

    /** Returns the first 12 digits, enough to name a commit in tags and messages. */
    public String abbreviated() {
        return value.substring(0, 12);
    }

    @Override
    public String toString() {
        return value;
    }
}
