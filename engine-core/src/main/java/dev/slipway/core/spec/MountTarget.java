package dev.slipway.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Absolute path inside a container where a volume is mounted, such as {@code /var/lib/data}. It is normalized (no
 * {@code .} or {@code ..} segment, no empty segment, no trailing {@code /}), uses only letters, digits and
 * {@code _ . - @ +}, and is neither the root nor inside {@code /proc}, {@code /sys} or {@code /dev}, which the
 * kernel and Docker own.
 */
public record MountTarget(@JsonValue String value) {

    static final String RULE = "must be a normalized absolute path of letters, digits and '_.-@+' (no '.' or '..'"
            + " segment, no ':' or ','), at most 255 characters, not '/' and not inside /proc, /sys or /dev";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.@+-]+");
    private static final Set<String> RESERVED = Set.of("proc", "sys", "dev");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public MountTarget {
        if (value == null || value.length() < 2 || value.length() > 255 || value.charAt(0) != '/') {
            throw new InvalidInputException("volumes", RULE, value);
        }
        String[] segments = value.substring(1).split("/", -1);
        if (RESERVED.contains(segments[0])) {
            throw new InvalidInputException("volumes", RULE, value);
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidInputException("volumes", RULE, value);
            }
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
