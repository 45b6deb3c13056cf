package dev.slipway.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;

/**
 * A path inside a checked-out repository, such as a build context or a Dockerfile. It is relative, uses {@code /}
 * as separator and stays inside the checkout after normalization; {@code .} names the checkout itself.
 */
public record CheckoutPath(@JsonValue String value) {

    static final String RULE = "must be a relative path with '/' separators that stays inside the repository"
            + " (no leading '/' or '-', no '..', no '\\', no whitespace, control or invisible characters)";

    public static final CheckoutPath ROOT = new CheckoutPath(".");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CheckoutPath {
        value = normalize(value);
    }

    /** Parses a path for the named field, so a rejection names that field. */
    public static CheckoutPath of(String field, String value) {
        try {
            return new CheckoutPath(value);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, RULE, value);
        }
    }

    private static String normalize(String value) {
        if (value == null || value.isBlank() || value.length() > 1024 || value.startsWith("/")
                || value.startsWith("-") || value.contains("\\")) {
            throw new InvalidInputException("path", RULE, value);
        }
        if (Characters.hasHiddenCharacters(value)) {
            throw new InvalidInputException("path", RULE, value);
        }
        StringBuilder normalized = new StringBuilder();
        for (String part : value.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new InvalidInputException("path", RULE, value);
            }
            if (normalized.length() > 0) {
                normalized.append('/');
            }
            normalized.append(part);
        }
        if (normalized.length() > 0 && normalized.charAt(0) == '-') {
            throw new InvalidInputException("path", RULE, value);
        }
        return normalized.length() == 0 ? "." : normalized.toString();
    }

    /**
     * Resolves this path against a checkout directory and checks that the real location, after following
     * symbolic links, is still inside it.
     */
    public Path resolveInside(Path checkout) throws java.io.IOException {
        Path root = checkout.toRealPath();
        Path resolved = root.resolve(value).normalize();
        Path real = resolved.toRealPath();
        if (!real.startsWith(root)) {
            throw new InvalidInputException("path", "must stay inside the repository, also after following links",
                    value);
        }
        return real;
    }

    @Override
    public String toString() {
        return value;
    }
}
