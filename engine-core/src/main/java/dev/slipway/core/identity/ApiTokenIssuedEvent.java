package dev.slipway.core.identity;

import dev.slipway.core.access.TokenScope;

/**
 * Records that a user created an API token.
 *
 * @param tokenId  the token's public id, the {@code id} of the caller {@code token:<id>}
 * @param owner    the user who created it
 * @param scope    what the token may do
 */
public record ApiTokenIssuedEvent(String tokenId, String owner, TokenScope scope) {
}
