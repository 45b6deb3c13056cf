package dev.slipway.core.audit;

import com.nimbusds.jose.jwk.ECKey;
import dev.slipway.core.audit.ChainBreak.Kind;
import dev.slipway.core.audit.ChainTables.ChainEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recomputes the hash chain from the stored events and stops at the first break. It walks the chain in position
 * order beside the events in global index order. Entries are appended in commit order, which can differ from
 * global index order when transactions overlap, so events read ahead wait in a small map until their entry comes.
 */
final class ChainVerifier {

    private final ECKey publicKey;
    private final int checkpointInterval;
    private final ChainHash hashes = new ChainHash();

    private long checked;
    private long checkpointsChecked;
    private long lastCheckpoint;

    ChainVerifier(ECKey publicKey, int checkpointInterval) {
        this.publicKey = publicKey;
        this.checkpointInterval = checkpointInterval;
    }

    ChainVerification verify(Connection connection) throws SQLException {
        ChainTables.Head head = ChainTables.readHead(connection, false);
        long last = head == null ? 0 : head.position();
        Map<Long, String> checkpoints = ChainTables.checkpointsUpTo(connection, last);
        Map<Long, StoredEvent> readAhead = new TreeMap<>();
        try (PreparedStatement chainQuery = ChainTables.entriesUpTo(connection, last);
             PreparedStatement eventQuery = EventTable.inOrder(connection);
             ResultSet chain = chainQuery.executeQuery();
             ResultSet events = eventQuery.executeQuery()) {
            byte[] previous = ChainHash.GENESIS;
            while (chain.next()) {
                ChainEntry entry = ChainTables.readEntry(chain);
                StoredEvent event = take(entry.globalIndex(), readAhead, events);
                ChainBreak broken = check(entry, event, previous);
                if (broken == null) {
                    // check() recomputed this entry's hash and found it equal to the stored one.
                    previous = entry.hash();
                    broken = checkCheckpoint(entry, previous, checkpoints.get(entry.position()));
                }
                if (broken != null) {
                    return result(broken);
                }
                checked++;
            }
            return result(findUnchained(connection, readAhead, events));
        }
    }

    private ChainBreak check(ChainEntry entry, StoredEvent event, byte[] previous) {
        long position = entry.position();
        if (position != checked + 1) {
            return new ChainBreak(Kind.CHAIN_GAP, checked + 1, entry.globalIndex(), null, "Chain entry "
                    + (checked + 1) + " is missing: the chain goes from position " + checked + " to " + position + ".");
        }
        if (event == null) {
            return new ChainBreak(Kind.MISSING, position, entry.globalIndex(), entry.eventIdentifier(), "Event '"
                    + entry.eventIdentifier() + "' at global index " + entry.globalIndex() + " is no longer stored.");
        }
        if (!event.eventIdentifier().equals(entry.eventIdentifier())) {
            return new ChainBreak(Kind.REORDERED, position, entry.globalIndex(), event.eventIdentifier(),
                    "Global index " + entry.globalIndex() + " holds event '" + event.eventIdentifier()
                            + "', but the chain recorded event '" + entry.eventIdentifier() + "' there.");
        }
        if (!Arrays.equals(hashes.next(previous, event), entry.hash())) {
            return new ChainBreak(Kind.CHANGED, position, entry.globalIndex(), entry.eventIdentifier(), "Event '"
                    + entry.eventIdentifier() + "' at global index " + entry.globalIndex()
                    + " differs from the bytes the chain covered.");
        }
        return null;
    }

    private ChainBreak checkCheckpoint(ChainEntry entry, byte[] hash, String jws) {
        long position = entry.position();
        if (position % checkpointInterval != 0 && jws == null) {
            return null;
        }
        if (jws == null) {
            return new ChainBreak(Kind.CHECKPOINT_MISSING, position, entry.globalIndex(), null,
                    "The signed checkpoint due at chain position " + position + " is missing.");
        }
        Checkpoint checkpoint = AuditSigningKey.verify(jws, publicKey);
        if (checkpoint == null) {
            return new ChainBreak(Kind.CHECKPOINT_INVALID, position, entry.globalIndex(), null,
                    "The checkpoint at chain position " + position + " has no valid signature of the engine's key.");
        }
        if (checkpoint.position() != position || !checkpoint.hash().equals(ChainHash.hex(hash))) {
            return new ChainBreak(Kind.CHECKPOINT_INVALID, position, entry.globalIndex(), null,
                    "The checkpoint at chain position " + position + " states another position or hash than the"
                            + " chain has there.");
        }
        checkpointsChecked++;
        lastCheckpoint = position;
        return null;
    }

    /** Returns the event at a global index, reading ahead in the event cursor as far as needed. */
    private static StoredEvent take(long globalIndex, Map<Long, StoredEvent> readAhead, ResultSet events)
            throws SQLException {
        StoredEvent event = readAhead.remove(globalIndex);
        while (event == null && events.next()) {
            StoredEvent next = EventTable.read(events);
            if (next.globalIndex() == globalIndex) {
                return next;
            }
            readAhead.put(next.globalIndex(), next);
            if (next.globalIndex() > globalIndex) {
                return null;
            }
        }
        return event;
    }

    /**
     * Looks for stored events past the walked entries that no entry covers. Events committed after the walk began
     * have entries by now, because an event and its entry commit in one transaction.
     */
    private static ChainBreak findUnchained(Connection connection, Map<Long, StoredEvent> readAhead, ResultSet events)
            throws SQLException {
        for (StoredEvent event : readAhead.values()) {
            if (!ChainTables.contains(connection, event.eventIdentifier())) {
                return unchained(event);
            }
        }
        while (events.next()) {
            StoredEvent event = EventTable.read(events);
            if (!ChainTables.contains(connection, event.eventIdentifier())) {
                return unchained(event);
            }
        }
        return null;
    }

    private static ChainBreak unchained(StoredEvent event) {
        return new ChainBreak(Kind.UNCHAINED, null, event.globalIndex(), event.eventIdentifier(), "Event '"
                + event.eventIdentifier() + "' at global index " + event.globalIndex()
                + " is stored, but the chain never covered it.");
    }

    private ChainVerification result(ChainBreak broken) {
        return new ChainVerification(broken == null, checked, checkpointsChecked, lastCheckpoint, broken);
    }
}
