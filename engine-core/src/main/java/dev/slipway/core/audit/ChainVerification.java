package dev.slipway.core.audit;

/**
 * Outcome of verifying the hash chain against the stored events.
 *
 * @param intact                 whether every entry and checkpoint matched and every stored event is chained or pending
 * @param entriesChecked         how many chain entries matched before the first break, or in all when intact
 * @param checkpointsChecked     how many signed checkpoints were checked and matched
 * @param lastCheckpointPosition the position of the last matching checkpoint, or 0 when none matched
 * @param firstBreak             the first break, or null when intact
 * @param pendingEvents          stored events that the chain did not cover when the verification started, because
 *                               they were stored after the chain's last event or within a minute of the verification.
 *                               The follower that chains events after they commit leaves such events for a moment.
 *                               When intact, the entries checked and the pending events add up to the stored events
 *                               the verification read.
 */
public record ChainVerification(boolean intact, long entriesChecked, long checkpointsChecked,
                                long lastCheckpointPosition, ChainBreak firstBreak, long pendingEvents) {
}
