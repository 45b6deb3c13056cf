package dev.slipway.core.audit;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads rows of {@code domain_event_entry}, the event table that Axon's JPA and JDBC storage engines share, with the
 * columns of their default schema.
 */
final class EventTable {

    private static final String FIRST_COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number,"
            + " type, time_stamp, payload_type, payload_revision, ";
    /** The columns, with the payload and metadata read as they are stored. */
    private static final String STORED = FIRST_COLUMNS + "payload, meta_data";
    /**
     * The columns, with H2's BLOB payload and metadata read as binary strings. H2 copies every BLOB of a query's
     * result into temporary LOB storage, and that copy costs more than reading the event itself. A binary string is
     * part of the row, so H2 does not copy it.
     */
    private static final String BINARY = FIRST_COLUMNS + "CAST(payload AS VARBINARY), CAST(meta_data AS VARBINARY)";
    private static final String FIND = "SELECT " + STORED + " FROM domain_event_entry WHERE event_identifier = ?";
    private static final String FIND_BINARY = "SELECT " + BINARY
            + " FROM domain_event_entry WHERE event_identifier = ?";
    private static final String FIND_ALL = "SELECT " + STORED
            + " FROM domain_event_entry WHERE event_identifier = ANY(?)";
    private static final String FIND_ALL_BINARY = "SELECT " + BINARY
            + " FROM domain_event_entry WHERE event_identifier = ANY(?)";
    private static final String IN_ORDER = "SELECT " + STORED + " FROM domain_event_entry ORDER BY global_index";
    private static final String IN_ORDER_BINARY = "SELECT " + BINARY
            + " FROM domain_event_entry ORDER BY global_index";
    private static final String AFTER = "SELECT " + STORED + " FROM domain_event_entry WHERE global_index > ?"
            + " ORDER BY global_index LIMIT ?";
    private static final String AFTER_BINARY = "SELECT " + BINARY + " FROM domain_event_entry WHERE global_index > ?"
            + " ORDER BY global_index LIMIT ?";
    private static final String COUNT = "SELECT COUNT(*) FROM domain_event_entry";

    private EventTable() {
    }

    /** Returns the row of one event, or null when no row has that identifier. */
    static StoredEvent find(Connection connection, String eventIdentifier) throws SQLException {
        try (PreparedStatement statement = h2(connection)
                ? connection.prepareStatement(FIND_BINARY) : connection.prepareStatement(FIND)) {
            statement.setString(1, eventIdentifier);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? read(rows) : null;
            }
        }
    }

    /** Returns the rows of the events with these identifiers that are stored, by identifier, with one query. */
    static Map<String, StoredEvent> findAll(Connection connection, Collection<String> eventIdentifiers)
            throws SQLException {
        Map<String, StoredEvent> events = new HashMap<>();
        try (PreparedStatement statement = h2(connection)
                ? connection.prepareStatement(FIND_ALL_BINARY) : connection.prepareStatement(FIND_ALL)) {
            statement.setArray(1, connection.createArrayOf("VARCHAR", eventIdentifiers.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    StoredEvent event = read(rows);
                    events.put(event.eventIdentifier(), event);
                }
            }
        }
        return events;
    }

    /**
     * Opens a cursor over every row in global index order. The statement fetches rows in batches, so memory stays
     * bounded however many events the table holds; the caller closes the statement.
     */
    static PreparedStatement inOrder(Connection connection) throws SQLException {
        PreparedStatement statement = h2(connection)
                ? connection.prepareStatement(IN_ORDER_BINARY, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)
                : connection.prepareStatement(IN_ORDER, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(1000);
        return statement;
    }

    /**
     * Returns up to {@code limit} rows after {@code afterGlobalIndex} in global index order. Reading the table in such
     * pages keeps each result small, so H2 never writes a large result to a temporary file.
     */
    static List<StoredEvent> after(Connection connection, long afterGlobalIndex, int limit) throws SQLException {
        List<StoredEvent> events = new ArrayList<>(limit);
        try (PreparedStatement statement = h2(connection)
                ? connection.prepareStatement(AFTER_BINARY) : connection.prepareStatement(AFTER)) {
            statement.setLong(1, afterGlobalIndex);
            statement.setInt(2, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(read(rows));
                }
            }
        }
        return events;
    }

    /** Returns whether the database has the event table. */
    static boolean exists(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        for (String name : new String[] {"domain_event_entry", "DOMAIN_EVENT_ENTRY"}) {
            try (ResultSet tables = metaData.getTables(null, null, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Returns the number of stored events. */
    static long count(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COUNT);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Returns whether the database is H2, where the queries read the payload and metadata as binary strings. Both
     * forms give the same bytes.
     */
    private static boolean h2(Connection connection) throws SQLException {
        return "H2".equals(connection.getMetaData().getDatabaseProductName());
    }

    /** Reads the current row of a result set opened with this class's column list. */
    static StoredEvent read(ResultSet rows) throws SQLException {
        return new StoredEvent(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4),
                rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getBytes(9),
                rows.getBytes(10));
    }
}
