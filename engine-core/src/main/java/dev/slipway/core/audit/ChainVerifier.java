package dev.slipway.core.audit;

import com.nimbusds.jose.jwk.ECKey;
import dev.slipway.core.audit.ChainBreak.Kind;
import dev.slipway.core.audit.ChainTables.ChainEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * Recomputes the hash chain from the stored events and stops at the first break. It walks the chain in position
 * order beside the events in global index order. Entries are appended in commit order, which can differ from
 * global index order when transactions overlap, so events read ahead wait in a small map until their entry comes.
 *
 * <p>Stored events that no entry covers yet are pending, not a break, when they come after the last chained event
 * in global index order or were stored within {@link #PENDING_WINDOW} of the verification's start: the follower
 * that chains events after they commit has not reached them yet. Older events below the chain's end are a break.
 *
 * <p>The calling thread reads both tables and checks the order of the entries. Meanwhile hasher threads recompute
 * the hashes and check the signed checkpoints, a batch of entries at a time. Each entry is hashed from the stored hash
 * of the entry before it. When every earlier entry matched, that stored hash is the one a walk from the start would
 * have computed, so the first break found this way is the same as a sequential walk's.
 */
final class ChainVerifier {

    /** Chain entries read per query. */
    private static final int ENTRY_PAGE = 10_000;
    /** Events read per query. */
    private static final int EVENT_PAGE = 1_000;
    /** Entries hashed together by one hasher task. */
    private static final int BATCH = 512;
    /** Maximum number of batches handed to the hashers but not yet collected, which bounds the memory in use. */
    private static final int BATCHES_IN_FLIGHT = 8;
    /** Maximum number of hasher threads. A machine with fewer processors gets one thread per processor. */
    private static final int MAX_HASHERS = 4;

    /** How far an event's time stamp may lie from the verification's start for the event to count as pending. */
    static final Duration PENDING_WINDOW = Duration.ofMinutes(1);

    private final ECKey publicKey;
    private final int checkpointInterval;
    private final Instant started;

    private long walked;
    private long checked;
    private long checkpointsChecked;
    private long lastCheckpoint;
    private long pending;

    ChainVerifier(ECKey publicKey, int checkpointInterval, Instant started) {
        this.publicKey = publicKey;
        this.checkpointInterval = checkpointInterval;
        this.started = started;
    }

    ChainVerification verify(Connection connection) throws SQLException {
        ChainTables.Head head = ChainTables.readHead(connection, false);
        if (head == null && ChainTables.hasEntries(connection)) {
            return result(new ChainBreak(Kind.HEAD_MISSING, null, 0, null, "The chain's head row is missing, so"
                    + " where the chain ends is unknown. Restore it from a backup of the database."));
        }
        long last = head == null ? 0 : head.position();
        // The chain's tables are read before the event table. H2 takes a table's snapshot at its first read, so every
        // entry read then covers an event that the later snapshot of the event table contains.
        long lastChainedIndex = ChainTables.maxGlobalIndex(connection, last).orElse(Long.MIN_VALUE);
        Map<Long, String> checkpoints = ChainTables.checkpointsUpTo(connection, last);
        Map<Long, StoredEvent> readAhead = new TreeMap<>();
        ExecutorService hashers = hasherPool();
        Deque<Future<BatchResult>> inFlight = new ArrayDeque<>();
        try {
            byte[] previous = ChainHash.GENESIS;
            List<Link> batch = new ArrayList<>(BATCH);
            Iterator<ChainEntry> chain = new Pages<>(after -> ChainTables.entriesBetween(connection, after, last,
                    ENTRY_PAGE), ENTRY_PAGE, ChainEntry::position, "the audit chain after position");
            Iterator<StoredEvent> events = new Pages<>(after -> EventTable.after(connection, after, EVENT_PAGE),
                    EVENT_PAGE, StoredEvent::globalIndex, "the events after global index");
            while (chain.hasNext()) {
                ChainEntry entry = chain.next();
                StoredEvent event = take(entry.globalIndex(), readAhead, events);
                ChainBreak broken = checkOrder(entry, event);
                if (broken != null) {
                    inFlight.add(hashers.submit(checked(batch)));
                    ChainBreak earlier = collectAll(inFlight);
                    return result(earlier != null ? earlier : broken);
                }
                batch.add(new Link(entry, event, previous, checkpoints.get(entry.position())));
                previous = entry.hash();
                walked++;
                if (batch.size() == BATCH) {
                    inFlight.add(hashers.submit(checked(batch)));
                    batch = new ArrayList<>(BATCH);
                    if (inFlight.size() > BATCHES_IN_FLIGHT) {
                        ChainBreak hashBreak = collect(inFlight.poll());
                        if (hashBreak != null) {
                            return result(hashBreak);
                        }
                    }
                }
            }
            inFlight.add(hashers.submit(checked(batch)));
            ChainBreak hashBreak = collectAll(inFlight);
            if (hashBreak != null) {
                return result(hashBreak);
            }
            return result(findUnchained(connection, readAhead, events, lastChainedIndex));
        } finally {
            hashers.shutdownNow();
        }
    }

    /** Returns the break in the order of entries and events at this entry, or null when it is in place. */
    private ChainBreak checkOrder(ChainEntry entry, StoredEvent event) {
        long position = entry.position();
        if (position != walked + 1) {
            return new ChainBreak(Kind.CHAIN_GAP, walked + 1, entry.globalIndex(), null, "Chain entry "
                    + (walked + 1) + " is missing: the chain goes from position " + walked + " to " + position + ".");
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
        return null;
    }

    /** Returns a task that checks the hashes and checkpoints of a batch of entries in position order. */
    private Callable<BatchResult> checked(List<Link> batch) {
        return () -> {
            ChainHash hashes = new ChainHash();
            int matched = 0;
            int checkpointsMatched = 0;
            long lastMatchedCheckpoint = 0;
            for (Link link : batch) {
                ChainEntry entry = link.entry();
                if (!Arrays.equals(hashes.next(link.previous(), link.event()), entry.hash())) {
                    ChainBreak changed = new ChainBreak(Kind.CHANGED, entry.position(), entry.globalIndex(),
                            entry.eventIdentifier(), "Event '" + entry.eventIdentifier() + "' at global index "
                            + entry.globalIndex() + " differs from the bytes the chain covered.");
                    return new BatchResult(matched, checkpointsMatched, lastMatchedCheckpoint, changed);
                }
                if (link.checkpoint() != null || entry.position() % checkpointInterval == 0) {
                    ChainBreak checkpoint = checkCheckpoint(entry, link.checkpoint());
                    if (checkpoint != null) {
                        return new BatchResult(matched, checkpointsMatched, lastMatchedCheckpoint, checkpoint);
                    }
                    checkpointsMatched++;
                    lastMatchedCheckpoint = entry.position();
                }
                matched++;
            }
            return new BatchResult(matched, checkpointsMatched, lastMatchedCheckpoint, null);
        };
    }

    /** Checks the checkpoint at an entry whose hash matched, or reports that the one due there is missing. */
    private ChainBreak checkCheckpoint(ChainEntry entry, String jws) {
        long position = entry.position();
        if (jws == null) {
            return new ChainBreak(Kind.CHECKPOINT_MISSING, position, entry.globalIndex(), null,
                    "The signed checkpoint due at chain position " + position + " is missing.");
        }
        Checkpoint checkpoint = AuditSigningKey.verify(jws, publicKey);
        if (checkpoint == null) {
            return new ChainBreak(Kind.CHECKPOINT_INVALID, position, entry.globalIndex(), null,
                    "The checkpoint at chain position " + position + " has no valid signature of the engine's key.");
        }
        if (checkpoint.position() != position || !checkpoint.hash().equals(ChainHash.hex(entry.hash()))) {
            return new ChainBreak(Kind.CHECKPOINT_INVALID, position, entry.globalIndex(), null,
                    "The checkpoint at chain position " + position + " states another position or hash than the"
                            + " chain has there.");
        }
        return null;
    }

    /** Waits for every batch in flight, in order, and returns the first break among them. */
    private ChainBreak collectAll(Deque<Future<BatchResult>> inFlight) {
        while (!inFlight.isEmpty()) {
            ChainBreak broken = collect(inFlight.poll());
            if (broken != null) {
                return broken;
            }
        }
        return null;
    }

    /** Waits for one batch, adds its matches to the counts and returns its break, if any. */
    private ChainBreak collect(Future<BatchResult> batch) {
        BatchResult result;
        try {
            result = batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditException("Interrupted while verifying the audit chain after " + checked + " entries", e);
        } catch (ExecutionException e) {
            throw new AuditException("Unable to verify the audit chain after " + checked + " entries: "
                    + e.getCause().getMessage(), e.getCause());
        }
        checked += result.matched();
        checkpointsChecked += result.checkpointsMatched();
        if (result.lastCheckpoint() > 0) {
            lastCheckpoint = result.lastCheckpoint();
        }
        return result.broken();
    }

    private static ExecutorService hasherPool() {
        int threads = Math.max(1, Math.min(MAX_HASHERS, Runtime.getRuntime().availableProcessors()));
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "slipway-chain-hasher-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Returns the event at a global index, reading ahead in the event cursor as far as needed. */
    private static StoredEvent take(long globalIndex, Map<Long, StoredEvent> readAhead, Iterator<StoredEvent> events) {
        StoredEvent event = readAhead.remove(globalIndex);
        while (event == null && events.hasNext()) {
            StoredEvent next = events.next();
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
     * Looks for stored events past the walked entries that no entry covers, counts those that are pending and returns
     * the first of the others.
     */
    private ChainBreak findUnchained(Connection connection, Map<Long, StoredEvent> readAhead,
                                     Iterator<StoredEvent> events, long lastChainedIndex) throws SQLException {
        for (StoredEvent event : readAhead.values()) {
            ChainBreak broken = checkUnchained(connection, event, lastChainedIndex);
            if (broken != null) {
                return broken;
            }
        }
        while (events.hasNext()) {
            ChainBreak broken = checkUnchained(connection, events.next(), lastChainedIndex);
            if (broken != null) {
                return broken;
            }
        }
        return null;
    }

    /** Returns the break of an event that no entry covers and that is not pending; counts it when pending. */
    private ChainBreak checkUnchained(Connection connection, StoredEvent event, long lastChainedIndex)
            throws SQLException {
        if (ChainTables.contains(connection, event.eventIdentifier())) {
            // The walk passed every entry up to the head it started from, so this entry lies past that head. The
            // follower chained the event while the verification ran.
            pending++;
            return null;
        }
        if (event.globalIndex() > lastChainedIndex || storedLately(event)) {
            pending++;
            return null;
        }
        return unchained(event);
    }

    /** Returns whether the event's time stamp lies within {@link #PENDING_WINDOW} of the verification's start. */
    private boolean storedLately(StoredEvent event) {
        Instant stored;
        try {
            stored = Instant.parse(event.timestamp());
        } catch (DateTimeParseException e) {
            return false;
        }
        return Duration.between(stored, started).abs().compareTo(PENDING_WINDOW) <= 0;
    }

    private static ChainBreak unchained(StoredEvent event) {
        return new ChainBreak(Kind.UNCHAINED, null, event.globalIndex(), event.eventIdentifier(), "Event '"
                + event.eventIdentifier() + "' at global index " + event.globalIndex()
                + " is stored, but the chain never covered it.");
    }

    private ChainVerification result(ChainBreak broken) {
        return new ChainVerification(broken == null, checked, checkpointsChecked, lastCheckpoint, broken, pending);
    }

    /** An entry to check, with its event, the stored hash of the entry before it and its checkpoint, if any. */
    private record Link(ChainEntry entry, StoredEvent event, byte[] previous, String checkpoint) {
    }

    /** The entries and checkpoints of one batch that matched before its first break, and that break or null. */
    private record BatchResult(int matched, int checkpointsMatched, long lastCheckpoint, ChainBreak broken) {
    }

    /** Reads one page of rows after a key. */
    @FunctionalInterface
    private interface PageQuery<T> {
        List<T> after(long key) throws SQLException;
    }

    /** Rows read in keyset pages in key order, one query per page. */
    private static final class Pages<T> implements Iterator<T> {

        private final PageQuery<T> query;
        private final int pageSize;
        private final ToLongFunction<T> key;
        private final String description;
        private Iterator<T> page = Collections.emptyIterator();
        private long after = Long.MIN_VALUE;
        private boolean exhausted;

        Pages(PageQuery<T> query, int pageSize, ToLongFunction<T> key, String description) {
            this.query = query;
            this.pageSize = pageSize;
            this.key = key;
            this.description = description;
        }

        @Override
        public boolean hasNext() {
            if (!page.hasNext() && !exhausted) {
                List<T> rows;
                try {
                    rows = query.after(after);
                } catch (SQLException e) {
                    throw new AuditException("Unable to read " + description + " " + after + ": " + e.getMessage(), e);
                }
                exhausted = rows.size() < pageSize;
                if (!rows.isEmpty()) {
                    after = key.applyAsLong(rows.get(rows.size() - 1));
                }
                page = rows.iterator();
            }
            return page.hasNext();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }
    }
}
