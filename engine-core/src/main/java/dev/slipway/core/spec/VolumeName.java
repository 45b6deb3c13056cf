package dev.slipway.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * Name of a Docker named volume of one application: 1 to 64 lower-case letters, digits, {@code _}, {@code .} and
 * {@code -}, starting with a letter or digit. The rule leaves no room for a host path such as {@code /} or
 * {@code /var/run/docker.sock}, so a volume can never be a bind mount. The runtime prefixes the name with the
 * application's id, so two applications never share a volume.
 */
public record VolumeName(@JsonValue String value) {

    static final String RULE = "must be a volume name of 1 to 64 lower-case letters, digits, '_', '.' and '-',"
            + " starting with a letter or digit; host paths cannot be mounted";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public VolumeName {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new InvalidInputException("volumes", RULE, value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
