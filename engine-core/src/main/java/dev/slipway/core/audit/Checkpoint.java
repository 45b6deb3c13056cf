package dev.slipway.core.audit;

import java.time.Instant;

/**
 * A signed statement of the chain's hash at one position. Anyone with the engine's public key can check that the
 * chain up to that position is the one the engine wrote.
 *
 * @param position    the chain position it covers
 * @param globalIndex the global index of the event at that position
 * @param hash        the chain hash at that position, in lowercase hex
 * @param signedAt    when the engine signed it
 */
public record Checkpoint(long position, long globalIndex, String hash, Instant signedAt) {
}
