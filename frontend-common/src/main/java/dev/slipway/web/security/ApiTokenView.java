package dev.slipway.web.security;

import dev.slipway.core.access.TokenScope;

/**
 * An API token as its owner lists it: never its value, which is shown once when it is issued.
 *
 * @param id     the token's public id, as in the caller {@code token:<id>}
 * @param scope  what the token may do
 */
public record ApiTokenView(String id, TokenScope scope) {
}
