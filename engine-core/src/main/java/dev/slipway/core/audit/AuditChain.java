package dev.slipway.core.audit;

import com.nimbusds.jose.jwk.ECKey;
import dev.slipway.core.audit.ChainTables.ChainEntry;
import dev.slipway.core.audit.ChainTables.Head;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hash chain over the global event stream, kept in tables beside Axon's {@code domain_event_entry} table. Each
 * entry's hash is SHA-256 over the previous entry's hash and the event's stored row, so changing, deleting or
 * swapping a stored event breaks the chain from that entry on. Every {@code checkpointInterval} entries the engine
 * signs the chain hash (JWS, ES256), so that rewriting the chain tables as well is detected up to the last
 * checkpoint.
 *
 * <p>Entries are appended one writer at a time, either inside the transaction that stores the event, so that an
 * event and its entry commit together, or right after it commits, a batch of events at a time, by a follower that
 * reads the event stream ({@link AuditChainModule}). {@link #verify()} recomputes the chain and reports the first
 * break.
 */
public final class AuditChain {

    /** Default number of entries between two signed checkpoints. */
    public static final int DEFAULT_CHECKPOINT_INTERVAL = 1000;

    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);
    private static final int BATCH_SIZE = 1000;

    private final ConnectionProvider connections;
    private final AuditSigningKey signingKey;
    private final int checkpointInterval;
    private final Clock clock;
    private volatile boolean kept;
    /** Whether the database is PostgreSQL, where {@link ChainTables#appendOnPostgres} appends in one statement. */
    private volatile boolean appendOnPostgres;
    /**
     * Head after this engine's last append, with the highest global index chained up to it. That append may have
     * rolled back, so it holds only while the head row still has this position and hash.
     */
    private volatile LastAppend lastAppend;

    /**
     * Creates a chain on the database of the event store.
     *
     * @param connections        gives the connection of the current transaction while an event is stored, and a
     *                           fresh one otherwise, as Axon's {@code SpringDataSourceConnectionProvider} or
     *                           {@code UnitOfWorkAwareConnectionProviderWrapper} do
     * @param signingKey         the key that signs checkpoints
     * @param checkpointInterval entries between two checkpoints, at least 1
     * @param clock              the clock of checkpoint times
     */
    public AuditChain(ConnectionProvider connections, AuditSigningKey signingKey, int checkpointInterval,
                      Clock clock) {
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("checkpointInterval must be at least 1, not " + checkpointInterval);
        }
        this.connections = connections;
        this.signingKey = signingKey;
        this.checkpointInterval = checkpointInterval;
        this.clock = clock;
    }

    /**
     * Creates the chain's tables when missing. When the chain is empty but events are already stored, as on the
     * first start of an existing store, it chains them in global index order.
     *
     * <p>NOTE: someone who empties all three chain tables gets a fresh chain over the events as they then are at the
     * next start. Only copies of the signed checkpoints kept outside this database reveal that.
     *
     * @return whether the chain is kept; false, with a warning logged, when the database has no
     *         {@code domain_event_entry} table because the events are stored elsewhere
     */
    public boolean initialize() {
        try (Connection connection = connections.getConnection()) {
            if (!EventTable.exists(connection)) {
                log.warn("audit chain not kept: the data source has no domain_event_entry table, so the events are"
                        + " not stored there. Use Axon's JPA or JDBC event store, or set slipway.audit.enabled=false.");
                return false;
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                ChainTables.create(connection);
                connection.commit();
                Head head = ChainTables.readHead(connection, true);
                if (head.position() == 0 && EventTable.count(connection) > 0) {
                    long chained = chainExisting(connection, head);
                    log.info("audit chain started over {} events already stored", chained);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            appendOnPostgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            kept = true;
            return true;
        } catch (SQLException e) {
            throw new AuditException("Unable to create the audit chain tables: " + e.getMessage()
                    + ". Check that the event store's database is reachable and the user may create tables.", e);
        }
    }

    /**
     * Appends the entry of a stored event. Called while the event's transaction is open; the head row stays locked
     * until that transaction ends, so concurrent writers append one after another.
     *
     * <p>NOTE: H2 waits for a locked row only as long as its lock timeout (1 s unless the URL sets LOCK_TIMEOUT).
     * A writer that waits longer fails here, so its event stays unchained, or its command fails in fail-closed mode.
     */
    void append(String eventIdentifier) {
        if (!kept) {
            return;
        }
        inTransaction(connection -> {
            appendInTransaction(connection, eventIdentifier);
            return null;
        }, "Unable to append event '" + eventIdentifier + "' to the audit chain");
    }

    /**
     * Appends the entries of stored events in the given order, one batch in one transaction: the caller's when one is
     * open, otherwise one of its own. Events that already have an entry are skipped, so a batch delivered again after
     * a failure or a replay adds nothing twice. Hashes are computed here from the event rows, which one query reads.
     *
     * @return the number of entries appended
     */
    int appendAll(Collection<String> eventIdentifiers) {
        if (!kept || eventIdentifiers.isEmpty()) {
            return 0;
        }
        return inTransaction(connection -> appendAllInTransaction(connection, new LinkedHashSet<>(eventIdentifiers)),
                "Unable to append " + eventIdentifiers.size() + " events to the audit chain");
    }

    /**
     * Returns the highest global index among the chained events, or empty when the chain has no entry. The follower
     * starts after it when it has no position of its own yet. Compared with the event store's highest global index, it
     * shows whether the follower has caught up.
     */
    public OptionalLong lastChainedGlobalIndex() {
        return inTransaction(ChainTables::maxGlobalIndex, "Unable to read the audit chain");
    }

    private <T> T inTransaction(SqlWork<T> work, String failure) {
        try (Connection connection = connections.getConnection()) {
            boolean ownTransaction = connection.getAutoCommit();
            if (ownTransaction) {
                connection.setAutoCommit(false);
            }
            try {
                T result = work.run(connection);
                if (ownTransaction) {
                    connection.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                if (ownTransaction) {
                    connection.rollback();
                }
                throw e;
            } finally {
                if (ownTransaction) {
                    connection.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new AuditException(failure + ": " + e.getMessage(), e);
        }
    }

    /**
     * Recomputes the chain from the stored events and checks the signed checkpoints with this engine's key.
     *
     * @throws AuditException when the chain is not kept, because the events are not stored in this database
     */
    public ChainVerification verify() {
        if (!kept) {
            throw new AuditException("The audit chain is not kept: the engine's data source has no"
                    + " domain_event_entry table. Store events with Axon's JPA or JDBC event store.");
        }
        try (Connection connection = connections.getConnection()) {
            return verify(connection, signingKey.publicKey(), checkpointInterval, clock.instant());
        } catch (SQLException e) {
            throw new AuditException("Unable to verify the audit chain: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies the chain in a database with only the engine's public key, as a tool outside the engine does.
     *
     * @param connection         a connection to the event store's database
     * @param publicJwk          the engine's public key as exported by {@link #publicJwk()}
     * @param checkpointInterval the engine's checkpoint interval
     */
    public static ChainVerification verify(Connection connection, String publicJwk, int checkpointInterval) {
        ECKey publicKey;
        try {
            publicKey = ECKey.parse(publicJwk).toPublicJWK();
        } catch (ParseException e) {
            throw new AuditException("Unable to read the public key: " + e.getMessage()
                    + ". Pass the EC P-256 JWK that the engine exports.", e);
        }
        try {
            return verify(connection, publicKey, checkpointInterval, Instant.now());
        } catch (SQLException e) {
            throw new AuditException("Unable to verify the audit chain: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies inside a read-only transaction at REPEATABLE READ. The PostgreSQL JDBC driver fetches rows in batches
     * only inside a transaction. PostgreSQL then reads one snapshot throughout, so the figures describe one moment.
     * H2 takes each table's snapshot at the transaction's first read of that table instead.
     */
    private static ChainVerification verify(Connection connection, ECKey publicKey, int checkpointInterval,
                                            Instant started) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        boolean readOnly = connection.isReadOnly();
        if (!autoCommit) {
            // The isolation level changes only between transactions. The rollback at the end would discard the
            // caller's open transaction anyway.
            connection.rollback();
        }
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try {
            return new ChainVerifier(publicKey, checkpointInterval, started).verify(connection);
        } finally {
            connection.rollback();
            connection.setReadOnly(readOnly);
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Returns the public key that checks this chain's checkpoints, as a JWK JSON object. */
    public String publicJwk() {
        return signingKey.publicJwk();
    }

    /** Returns whether the chain is kept, which {@link #initialize()} decides. */
    boolean kept() {
        return kept;
    }

    /** Returns the number of entries between two signed checkpoints. */
    public int checkpointInterval() {
        return checkpointInterval;
    }

    /**
     * Appends one entry, in one statement on PostgreSQL and from the event row read here on other databases, and
     * signs a checkpoint when one is due.
     */
    private void appendInTransaction(Connection connection, String eventIdentifier) throws SQLException {
        ChainEntry entry = appendOnPostgres ? ChainTables.appendOnPostgres(connection, eventIdentifier)
                : appendFromEventRow(connection, eventIdentifier);
        if (entry == null && appendOnPostgres && EventTable.find(connection, eventIdentifier) != null) {
            throw headMissing();
        }
        if (entry == null) {
            throw eventNotStored(eventIdentifier);
        }
        if (signIfDue(connection, entry)) {
            log.info("audit checkpoint signed at chain position [{}] global index [{}]", entry.position(),
                    entry.globalIndex());
        }
    }

    /**
     * Reads the event row, computes the entry's hash here and inserts the entry. It first moves the head row on from
     * the head this engine wrote last, which checks and locks the row in one statement. When another writer moved
     * the head, or that append rolled back, it reads the head with a lock instead. Returns null when the event is not
     * stored.
     */
    private ChainEntry appendFromEventRow(Connection connection, String eventIdentifier) throws SQLException {
        StoredEvent event = EventTable.find(connection, eventIdentifier);
        if (event == null) {
            return null;
        }
        LastAppend known = lastAppend;
        if (known != null) {
            ChainEntry next = nextEntry(known.head(), event);
            if (ChainTables.moveHeadFrom(connection, known.head(), next)) {
                ChainTables.insertEntry(connection, next);
                lastAppend = known.after(List.of(next));
                return next;
            }
        }
        Head head = ChainTables.readHead(connection, true);
        if (head == null) {
            throw headMissing();
        }
        ChainEntry entry = nextEntry(head, event);
        ChainTables.moveHead(connection, entry);
        ChainTables.insertEntry(connection, entry);
        lastAppend = new LastAppend(new Head(entry.position(), entry.hash()), LastAppend.UNKNOWN);
        return entry;
    }

    /**
     * Appends the events of a batch that have no entry yet. The fast path applies when the head row is still where
     * this engine's last append left it and every event of the batch comes after the highest global index chained
     * then. No event of the batch can have an entry then, so the batch is appended without looking for entries.
     * Moving the head row on from that head checks and locks it in one statement. Otherwise, as when another writer
     * moved the head, it reads the head with a lock and skips the events that already have an entry.
     */
    private int appendAllInTransaction(Connection connection, Set<String> eventIdentifiers) throws SQLException {
        Map<String, StoredEvent> stored = EventTable.findAll(connection, eventIdentifiers);
        List<StoredEvent> events = new ArrayList<>(eventIdentifiers.size());
        for (String eventIdentifier : eventIdentifiers) {
            StoredEvent event = stored.get(eventIdentifier);
            if (event == null) {
                log.error("event [{}] not chained: it is no longer stored, although the event stream delivered it",
                        eventIdentifier);
            } else {
                events.add(event);
            }
        }
        if (events.isEmpty()) {
            return 0;
        }

        LastAppend known = lastAppend;
        if (known != null && known.precedes(events)) {
            List<ChainEntry> entries = entriesAfter(known.head(), events);
            if (ChainTables.moveHeadFrom(connection, known.head(), entries.get(entries.size() - 1))) {
                insertEntries(connection, entries);
                lastAppend = known.after(entries);
                return entries.size();
            }
        }

        Head head = ChainTables.readHead(connection, true);
        if (head == null) {
            throw headMissing();
        }
        Set<String> chained = ChainTables.chainedAmong(connection, eventIdentifiers);
        events.removeIf(event -> chained.contains(event.eventIdentifier()));
        if (events.isEmpty()) {
            return 0;
        }
        List<ChainEntry> entries = entriesAfter(head, events);
        ChainTables.moveHead(connection, entries.get(entries.size() - 1));
        insertEntries(connection, entries);
        ChainEntry last = entries.get(entries.size() - 1);
        lastAppend = new LastAppend(new Head(last.position(), last.hash()),
                ChainTables.maxGlobalIndex(connection).orElse(LastAppend.UNKNOWN));
        return entries.size();
    }

    private void insertEntries(Connection connection, List<ChainEntry> entries) throws SQLException {
        try (PreparedStatement insert = ChainTables.entryInsert(connection)) {
            for (ChainEntry entry : entries) {
                ChainTables.addEntry(insert, entry);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        for (ChainEntry entry : entries) {
            if (signIfDue(connection, entry)) {
                log.info("audit checkpoint signed at chain position [{}] global index [{}]", entry.position(),
                        entry.globalIndex());
            }
        }
    }

    private static List<ChainEntry> entriesAfter(Head head, List<StoredEvent> events) {
        ChainHash hashes = new ChainHash();
        List<ChainEntry> entries = new ArrayList<>(events.size());
        byte[] previous = head.hash();
        long position = head.position();
        for (StoredEvent event : events) {
            previous = hashes.next(previous, event);
            position++;
            entries.add(new ChainEntry(position, event.globalIndex(), event.eventIdentifier(), previous));
        }
        return entries;
    }

    private static AuditException headMissing() {
        return new AuditException("The audit chain's head row is missing; the engine creates it when it"
                + " starts. Restart the engine, then verify the chain.");
    }

    private static AuditException eventNotStored(String eventIdentifier) {
        return new AuditException("Event '" + eventIdentifier + "' is not in domain_event_entry inside this"
                + " transaction. The audit chain needs Axon's JPA or JDBC event store.");
    }

    private static ChainEntry nextEntry(Head head, StoredEvent event) {
        return new ChainEntry(head.position() + 1, event.globalIndex(), event.eventIdentifier(),
                new ChainHash().next(head.hash(), event));
    }

    private long chainExisting(Connection connection, Head head) throws SQLException {
        ChainHash hashes = new ChainHash();
        byte[] previous = head.hash();
        ChainEntry entry = null;
        try (PreparedStatement query = EventTable.inOrder(connection);
             ResultSet rows = query.executeQuery();
             PreparedStatement insert = ChainTables.entryInsert(connection)) {
            long position = head.position();
            while (rows.next()) {
                StoredEvent event = EventTable.read(rows);
                previous = hashes.next(previous, event);
                position++;
                entry = new ChainEntry(position, event.globalIndex(), event.eventIdentifier(), previous);
                ChainTables.addEntry(insert, entry);
                insert.addBatch();
                if (position % BATCH_SIZE == 0) {
                    insert.executeBatch();
                }
                if (signIfDue(connection, entry)) {
                    log.debug("audit checkpoint signed at chain position [{}] global index [{}]",
                            entry.position(), entry.globalIndex());
                }
            }
            insert.executeBatch();
        }
        if (entry == null) {
            return 0;
        }
        ChainTables.moveHead(connection, entry);
        return entry.position() - head.position();
    }

    /** Signs a checkpoint when one is due at this entry, and returns whether it did. */
    private boolean signIfDue(Connection connection, ChainEntry entry) throws SQLException {
        if (entry.position() % checkpointInterval != 0) {
            return false;
        }
        Checkpoint checkpoint = new Checkpoint(entry.position(), entry.globalIndex(), ChainHash.hex(entry.hash()),
                clock.instant());
        ChainTables.insertCheckpoint(connection, entry.position(), signingKey.sign(checkpoint));
        return true;
    }

    /** Work on a connection inside a transaction. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * The head after this engine's last append and the highest global index chained up to that head, or
     * {@link #UNKNOWN} when this engine does not know it.
     */
    private record LastAppend(Head head, long maxGlobalIndex) {

        static final long UNKNOWN = Long.MAX_VALUE;

        /** Returns whether every event comes after the highest chained global index, so none can have an entry. */
        boolean precedes(List<StoredEvent> events) {
            return maxGlobalIndex != UNKNOWN
                    && events.stream().allMatch(event -> event.globalIndex() > maxGlobalIndex);
        }

        /** Returns what is known once {@code entries} follow this head. */
        LastAppend after(List<ChainEntry> entries) {
            ChainEntry last = entries.get(entries.size() - 1);
            long max = maxGlobalIndex;
            for (ChainEntry entry : entries) {
                max = max == UNKNOWN ? UNKNOWN : Math.max(max, entry.globalIndex());
            }
            return new LastAppend(new Head(last.position(), last.hash()), max);
        }
    }
}
