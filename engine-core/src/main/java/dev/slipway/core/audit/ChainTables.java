package dev.slipway.core.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tables of the hash chain beside the event table: one row per chained event, one head row that writers lock so
 * that entries are appended one at a time, and the signed checkpoints.
 *
 * <p>The SQL runs on H2 and PostgreSQL. On PostgreSQL, {@link #appendOnPostgres} appends an entry in one statement.
 */
final class ChainTables {

    static final String CHAIN = "slipway_audit_chain";
    static final String HEAD = "slipway_audit_chain_head";
    static final String CHECKPOINTS = "slipway_audit_checkpoint";

    private static final String[] CREATE = {
        "CREATE TABLE IF NOT EXISTS " + CHAIN + " (position BIGINT NOT NULL PRIMARY KEY,"
                + " global_index BIGINT NOT NULL, event_identifier VARCHAR(255) NOT NULL UNIQUE,"
                + " hash CHAR(64) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS " + HEAD + " (id INT NOT NULL PRIMARY KEY, position BIGINT NOT NULL,"
                + " hash CHAR(64) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS " + CHECKPOINTS + " (position BIGINT NOT NULL PRIMARY KEY,"
                + " jws VARCHAR(4000) NOT NULL)",
        // The highest chained global index, which shows how far the chain reaches, is then one index lookup.
        "CREATE INDEX IF NOT EXISTS " + CHAIN + "_global_index ON " + CHAIN + " (global_index)"
    };

    /**
     * The PostgreSQL statement of {@link #appendOnPostgres}. The event's canonical bytes follow {@link ChainHash}: a
     * number as {@code int8send}, text as its UTF-8 bytes and bytes as they are, each behind a 4-byte length, or
     * only the length -1 for null.
     */
    private static final String POSTGRES_APPEND = "WITH event AS (SELECT global_index, int8send(global_index)"
            + " || " + postgresText("event_identifier") + " || " + postgresText("aggregate_identifier")
            + " || int8send(sequence_number) || " + postgresText("type") + " || " + postgresText("time_stamp")
            + " || " + postgresText("payload_type") + " || " + postgresText("payload_revision")
            + " || " + postgresBytes("payload") + " || " + postgresBytes("meta_data") + " AS canonical"
            + " FROM domain_event_entry WHERE event_identifier = ?),"
            + " moved AS (UPDATE " + HEAD + " AS head SET position = head.position + 1,"
            + " hash = encode(sha256(decode(head.hash, 'hex') || event.canonical), 'hex')"
            + " FROM event WHERE head.id = 1 RETURNING head.position, head.hash, event.global_index)"
            + " INSERT INTO " + CHAIN + " (position, global_index, event_identifier, hash)"
            + " SELECT position, global_index, ?, hash FROM moved RETURNING position, global_index, hash";

    private static final String CHAINED_AMONG = "SELECT event_identifier FROM " + CHAIN
            + " WHERE event_identifier = ANY(?)";

    private ChainTables() {
    }

    /** Creates the tables and the head row when they are missing. */
    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : CREATE) {
                statement.execute(sql);
            }
        }
        if (readHead(connection, false) == null) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + HEAD
                    + " (id, position, hash) VALUES (1, 0, ?)")) {
                insert.setString(1, ChainHash.hex(ChainHash.GENESIS));
                insert.executeUpdate();
            }
        }
    }

    /** Reads the head; with {@code lock} the row stays locked until the transaction ends. */
    static Head readHead(Connection connection, boolean lock) throws SQLException {
        String sql = "SELECT position, hash FROM " + HEAD + " WHERE id = 1" + (lock ? " FOR UPDATE" : "");
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            return rows.next() ? new Head(rows.getLong(1), ChainHash.parseHex(rows.getString(2))) : null;
        }
    }

    /** Appends one entry and moves the head to it. */
    static void append(Connection connection, ChainEntry entry) throws SQLException {
        try (PreparedStatement insert = entryInsert(connection)) {
            addEntry(insert, entry);
            insert.executeUpdate();
        }
        moveHead(connection, entry);
    }

    /** Inserts one entry. The caller moves the head to it in the same transaction. */
    static void insertEntry(Connection connection, ChainEntry entry) throws SQLException {
        try (PreparedStatement insert = entryInsert(connection)) {
            addEntry(insert, entry);
            insert.executeUpdate();
        }
    }

    /**
     * Moves the head to {@code entry} only when it is still {@code expected}, and returns whether it moved. A moved
     * head row stays locked until the transaction ends, as after {@link #readHead} with a lock.
     */
    static boolean moveHeadFrom(Connection connection, Head expected, ChainEntry entry) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + HEAD
                + " SET position = ?, hash = ? WHERE id = 1 AND position = ? AND hash = ?")) {
            update.setLong(1, entry.position());
            update.setString(2, ChainHash.hex(entry.hash()));
            update.setLong(3, expected.position());
            update.setString(4, ChainHash.hex(expected.hash()));
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Appends the entry of one stored event on PostgreSQL in one statement, which reads the event row, moves the head
     * and inserts the entry. The database computes the entry's hash with {@code sha256()} (PostgreSQL 11 and later)
     * over the same bytes as {@link ChainHash#next}. The update locks the head row until the transaction ends and,
     * under PostgreSQL's default read committed isolation, computes the new head from the row as the last writer
     * committed it.
     *
     * @return the inserted entry, or null when no event has this identifier
     */
    static ChainEntry appendOnPostgres(Connection connection, String eventIdentifier) throws SQLException {
        try (PreparedStatement append = connection.prepareStatement(POSTGRES_APPEND)) {
            append.setString(1, eventIdentifier);
            append.setString(2, eventIdentifier);
            try (ResultSet rows = append.executeQuery()) {
                return rows.next() ? new ChainEntry(rows.getLong(1), rows.getLong(2), eventIdentifier,
                        ChainHash.parseHex(rows.getString(3))) : null;
            }
        }
    }

    /** Prepares the insert of entries, for {@link #addEntry} in a single statement or a batch. */
    static PreparedStatement entryInsert(Connection connection) throws SQLException {
        return connection.prepareStatement("INSERT INTO " + CHAIN
                + " (position, global_index, event_identifier, hash) VALUES (?, ?, ?, ?)");
    }

    static void addEntry(PreparedStatement insert, ChainEntry entry) throws SQLException {
        insert.setLong(1, entry.position());
        insert.setLong(2, entry.globalIndex());
        insert.setString(3, entry.eventIdentifier());
        insert.setString(4, ChainHash.hex(entry.hash()));
    }

    static void moveHead(Connection connection, ChainEntry entry) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + HEAD
                + " SET position = ?, hash = ? WHERE id = 1")) {
            update.setLong(1, entry.position());
            update.setString(2, ChainHash.hex(entry.hash()));
            update.executeUpdate();
        }
    }

    /** Returns whether an event of this identifier has an entry. */
    static boolean contains(Connection connection, String eventIdentifier) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM " + CHAIN
                + " WHERE event_identifier = ?")) {
            statement.setString(1, eventIdentifier);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Returns the identifiers among {@code eventIdentifiers} that have an entry, with one query. */
    static Set<String> chainedAmong(Connection connection, Collection<String> eventIdentifiers) throws SQLException {
        Set<String> chained = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(CHAINED_AMONG)) {
            statement.setArray(1, connection.createArrayOf("VARCHAR", eventIdentifiers.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    chained.add(rows.getString(1));
                }
            }
        }
        return chained;
    }

    /** Returns the highest global index among all entries, or empty when there is none. */
    static OptionalLong maxGlobalIndex(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT MAX(global_index) FROM " + CHAIN);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            long index = rows.getLong(1);
            return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(index);
        }
    }

    /** Returns the highest global index among the entries up to {@code lastPosition}, or empty when there is none. */
    static OptionalLong maxGlobalIndex(Connection connection, long lastPosition) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT MAX(global_index) FROM " + CHAIN
                + " WHERE position <= ?")) {
            statement.setLong(1, lastPosition);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long index = rows.getLong(1);
                return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(index);
            }
        }
    }

    /** Returns whether the chain has at least one entry. */
    static boolean hasEntries(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM " + CHAIN + " LIMIT 1");
             ResultSet rows = statement.executeQuery()) {
            return rows.next();
        }
    }

    /**
     * Returns up to {@code limit} entries after {@code afterPosition} and up to {@code lastPosition}, in position
     * order. Reading a long chain in such pages keeps each result small, so the database never spills a million-row
     * result to disk.
     */
    static List<ChainEntry> entriesBetween(Connection connection, long afterPosition, long lastPosition, int limit)
            throws SQLException {
        List<ChainEntry> entries = new ArrayList<>(limit);
        try (PreparedStatement statement = connection.prepareStatement("SELECT position, global_index,"
                + " event_identifier, hash FROM " + CHAIN + " WHERE position > ? AND position <= ? ORDER BY position"
                + " LIMIT ?")) {
            statement.setLong(1, afterPosition);
            statement.setLong(2, lastPosition);
            statement.setInt(3, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(readEntry(rows));
                }
            }
        }
        return entries;
    }

    static ChainEntry readEntry(ResultSet rows) throws SQLException {
        return new ChainEntry(rows.getLong(1), rows.getLong(2), rows.getString(3),
                ChainHash.parseHex(rows.getString(4)));
    }

    static void insertCheckpoint(Connection connection, long position, String jws) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + CHECKPOINTS
                + " (position, jws) VALUES (?, ?)")) {
            insert.setLong(1, position);
            insert.setString(2, jws);
            insert.executeUpdate();
        }
    }

    /**
     * Returns the checkpoints up to {@code lastPosition} by position. One checkpoint per interval of entries is
     * small enough to hold in memory: a million entries at the default interval make a thousand checkpoints.
     */
    static Map<Long, String> checkpointsUpTo(Connection connection, long lastPosition) throws SQLException {
        Map<Long, String> checkpoints = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT position, jws FROM " + CHECKPOINTS
                + " WHERE position <= ? ORDER BY position")) {
            statement.setLong(1, lastPosition);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    checkpoints.put(rows.getLong(1), rows.getString(2));
                }
            }
        }
        return checkpoints;
    }

    private static String postgresText(String column) {
        return postgresBytes("convert_to(" + column + ", 'UTF8')");
    }

    private static String postgresBytes(String expression) {
        return "(CASE WHEN " + expression + " IS NULL THEN int4send(-1) ELSE int4send(length(" + expression + "))"
                + " || " + expression + " END)";
    }

    /** The last entry's position and hash; position 0 with the genesis hash before the first entry. */
    record Head(long position, byte[] hash) {
    }

    /**
     * One entry of the chain.
     *
     * @param position        the entry's position, 1 for the first
     * @param globalIndex     the global index of the event it covers
     * @param eventIdentifier the message id of the event it covers
     * @param hash            SHA-256 over the previous hash and the event's canonical bytes
     */
    record ChainEntry(long position, long globalIndex, String eventIdentifier, byte[] hash) {
    }
}
