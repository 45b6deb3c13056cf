package dev.slipway.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Host name under which the engine's proxy serves an application, such as {@code shop.example.com}. It has at least
 * two labels separated by dots, each of 1 to 63 letters, digits and {@code -} that neither starts nor ends with
 * {@code -}, at most 253 characters in all and no trailing dot (RFC 1123). Upper-case letters are stored in lower
 * case, because DNS names are case-insensitive. An internationalized name is given in its ASCII form
 * ({@code xn--…}). The last label must contain a letter, so an IP address is never a domain, and names under
 * {@code .invalid} are rejected, because that top-level domain never resolves (RFC 2606) and the proxy uses it
 * for its own checks.
 */
public record DomainName(@JsonValue String value) implements Comparable<DomainName> {

    /** Name of the domains field in messages. */
    public static final String FIELD = "domains";
    /** Maximum length of a domain name, without a trailing dot. */
    public static final int MAX_LENGTH = 253;

    private static final String RULE = "must be a DNS host name of at least two dot-separated labels, each of 1 to 63"
            + " letters, digits and '-' that does not start or end with '-', at most 253 characters in all";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public DomainName {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(FIELD, RULE, value);
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException(FIELD, RULE, value.substring(0, 64) + "…");
        }
        if (!value.chars().allMatch(c -> c < 0x80)) {
            throw new InvalidInputException(FIELD, "must be ASCII; write an internationalized name in its ASCII"
                    + " form, such as xn--bcher-kva.example for bücher.example", value);
        }
        value = value.toLowerCase(Locale.ROOT);
        String[] labels = value.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidInputException(FIELD, RULE, value);
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidInputException(FIELD, RULE, value);
            }
        }
        String topLevel = labels[labels.length - 1];
        if (!HAS_LETTER.matcher(topLevel).matches()) {
            throw new InvalidInputException(FIELD, "must end in a label with a letter; an IP address is not a domain",
                    value);
        }
        if ("invalid".equals(topLevel)) {
            throw new InvalidInputException(FIELD, "must not be under .invalid, which never resolves", value);
        }
    }

    @Override
    public int compareTo(DomainName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
