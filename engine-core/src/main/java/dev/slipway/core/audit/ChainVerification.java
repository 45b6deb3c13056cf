package dev.slipway.core.audit;

/**
 * Outcome of verifying the hash chain against the stored events.
 *
 * @param intact                 whether every entry and checkpoint matched and every stored event is chained
 * @param entriesChecked         how many chain entries matched before the first break, or in all when intact
 * @param checkpointsChecked     how many signed checkpoints were checked and matched
 * @param lastCheckpointPosition the position of the last matching checkpoint, or 0 when none matched
 * @param firstBreak             the first break, or null when intact
 */
public record ChainVerification(boolean intact, long entriesChecked, long checkpointsChecked,
                                long lastCheckpointPosition, ChainBreak firstBreak) {
}
