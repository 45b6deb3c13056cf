package dev.slipway.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A Git ref to deploy: a branch or tag name (short, such as {@code main}, or full, such as {@code refs/tags/v1}), or
 * a full commit SHA. Names follow the rules of {@code git check-ref-format}, and a leading {@code -} is rejected as
 * well so that a ref can never be read as a command-line option.
 */
public record GitRef(@JsonValue String value) {

    static final String RULE = "must be a Git branch, tag or full ref name (no spaces, control or invisible"
            + " characters, '~^:?*[\\', '..', '@{', '//', leading '-' or '/', trailing '/', '.' or '.lock'), or a"
            + " 40-digit commit SHA";

    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final int MAX_LENGTH = 255;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public GitRef {
        if (value == null || !isValidName(value)) {
            throw new InvalidInputException("ref", RULE, value);
        }
    }

    /** Returns true when this ref is a full commit SHA rather than a name. */
    public boolean isCommit() {
        return SHA1.matcher(value).matches();
    }

    /** Returns true when this ref is spelled out in full, starting with {@code refs/}. */
    public boolean isFullName() {
        return value.startsWith("refs/");
    }

    static boolean isValidName(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH || name.equals("@")) {
            return false;
        }
        if (name.startsWith("-") || name.startsWith("/") || name.endsWith("/") || name.endsWith(".")) {
            return false;
        }
        if (name.contains("..") || name.contains("@{") || name.contains("//")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ' ' || "~^:?*[\\".indexOf(c) >= 0) {
                return false;
            }
        }
        if (Characters.hasHiddenCharacters(name)) {
            return false;
        }
        for (String component : name.split("/")) {
            if (component.startsWith(".") || component.endsWith(".lock")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
