package dev.slipway.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * Reference to a container image, such as {@code busybox:stable} or
 * {@code registry.example.test:5000/team/web@sha256:…}, following the grammar of the OCI distribution reference
 * format: an optional registry (a host with a '.' or a port, or {@code localhost}), lower-case path components
 * separated by {@code /}, then an optional tag and an optional digest. The whole name is at most 255 characters.
 * A leading {@code -} or an upper-case path cannot match, so a reference can never be read as an option.
 */
public record ImageReference(@JsonValue String value) {

    static final String RULE = "must be an image reference such as busybox:stable or registry.example.test/team/web:1.2"
            + " (lower-case path, optional tag of letters, digits, '_', '.' and '-', optional digest)";

    // Possessive quantifiers: every repetition is delimited by a separator, so no backtracking is ever needed, and
    // the match time stays linear in the length of the value.
    private static final String COMPONENT = "[a-z0-9]++(?:(?:__|[._]|-++)[a-z0-9]++)*+";
    private static final String DOMAIN_PART = "(?:[A-Za-z0-9]++(?:-++[A-Za-z0-9]++)*+)";
    // As in Docker, a first component names a registry only when it has a '.' or a port, or is localhost.
    private static final String DOMAIN = "(?:localhost(?::[0-9]{1,5})?|" + DOMAIN_PART + "(?:\\." + DOMAIN_PART
            + ")+(?::[0-9]{1,5})?|" + DOMAIN_PART + ":[0-9]{1,5})";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*";
    private static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*+(?:[-_+.][A-Za-z][A-Za-z0-9]*+)*+:[0-9a-fA-F]{32,}+";
    private static final Pattern REFERENCE = Pattern.compile("(" + NAME + ")(?::" + TAG + ")?(?:@" + DIGEST + ")?");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ImageReference {
        if (value == null || value.length() > 512) {
            throw new InvalidInputException("image", RULE, value);
        }
        var matcher = REFERENCE.matcher(value);
        if (!matcher.matches() || matcher.group(1).length() > 255) {
            throw new InvalidInputException("image", RULE, value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
