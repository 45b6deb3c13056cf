package dev.slipway.core.identity;

/**
 * Records that an API token was revoked and is rejected from now on.
 *
 * @param tokenId the token's public id
 * @param owner   the user who created it
 */
public record ApiTokenRevokedEvent(String tokenId, String owner) {
}
