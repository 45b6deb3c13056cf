package dev.slipway.core.spec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Docker label that a user sets on an application's containers. The key is 1 to 128 lower-case letters, digits,
 * {@code .}, {@code -} and {@code _}, starting and ending with a letter or digit. Keys of the engine itself
 * ({@code dev.slipway.}), of Docker ({@code com.docker.}, {@code io.docker.}, {@code org.dockerproject.}) and of
 * reverse proxies that route by label ({@code traefik.}, {@code caddy}) are reserved, so a user label can neither
 * pose as an engine object nor publish a route. The value is at most 1024 characters without control characters.
 *
 * @param key   the label key
 * @param value the label value, possibly empty
 */
public record ContainerLabel(String key, String value) {

    static final String FIELD = "labels";
    static final String KEY_RULE = "key must be 1 to 128 lower-case letters, digits, '.', '-' and '_', starting and"
            + " ending with a letter or digit, and must not start with a reserved prefix (" + String.join(", ",
            reservedPrefixes()) + ")";
    static final String VALUE_RULE = "value must be at most 1024 characters without control characters";

    private static final Pattern KEY = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?");

    public ContainerLabel {
        if (key == null || !KEY.matcher(key).matches() || isReserved(key)) {
            throw new InvalidInputException(FIELD, KEY_RULE, key);
        }
        if (value == null || value.length() > 1024 || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(FIELD, VALUE_RULE, value);
        }
    }

    /** Returns the key prefixes that user labels must not use. */
    public static List<String> reservedPrefixes() {
        return List.of("dev.slipway.", "com.docker.", "io.docker.", "org.dockerproject.", "traefik.", "caddy");
    }

    private static boolean isReserved(String key) {
        return reservedPrefixes().stream().anyMatch(key::startsWith) || key.equals("dev.slipway")
                || key.equals("traefik");
    }
}
