package dev.slipway.core.audit;

/**
 * The first place where the stored events no longer match the hash chain.
 *
 * @param kind            what is wrong there
 * @param position        the chain position of the broken entry, or null for an event the chain never covered and
 *                        for a missing head row
 * @param globalIndex     the global index of the event concerned, or 0 for a missing head row
 * @param eventIdentifier the message id of the event concerned, when known
 * @param message         what was found, for a person to act on
 */
public record ChainBreak(Kind kind, Long position, long globalIndex, String eventIdentifier, String message) {

    /** Kind of fault at a broken position. */
    public enum Kind {
        /** The event's stored bytes differ from those the chain covered. */
        CHANGED,
        /** The event the chain covered is no longer stored. */
        MISSING,
        /** Another event is stored at the global index the chain recorded, as when rows were swapped. */
        REORDERED,
        /** A chain entry is missing, so the chain skips a position. */
        CHAIN_GAP,
        /** An event is stored that the chain never covered, as when a row was inserted. */
        UNCHAINED,
        /** The signed checkpoint due at this position is missing. */
        CHECKPOINT_MISSING,
        /** The checkpoint at this position has a bad signature or states another hash. */
        CHECKPOINT_INVALID,
        /** The chain's head row is missing while the chain has entries. */
        HEAD_MISSING
    }
}
