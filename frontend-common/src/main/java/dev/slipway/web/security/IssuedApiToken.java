package dev.slipway.web.security;

import dev.slipway.core.access.TokenScope;

/**
 * A new API token. Its value is shown this one time; only its SHA-256 hash is kept.
 *
 * @param id    the token's public id; requests with the token act as caller {@code token:<id>}
 * @param token the token to send as {@code Authorization: Bearer}
 * @param scope what the token may do
 */
public record IssuedApiToken(String id, String token, TokenScope scope) {

    @Override
    public String toString() {
        return "IssuedApiToken[id=" + id + ", scope=" + scope + "]";
    }
}
