package dev.slipway.core.secret;

import dev.slipway.core.application.ApplicationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeysetStore} in the engine's PostgreSQL schema, so that every engine node that shares the database and
 * the master key reads the same keysets. The tables {@code slipway_keyset} and {@code slipway_destroyed_keyset}
 * are created by the engine's schema migration ({@code PostgresStorage.migrate}). Destroying a keyset deletes its
 * row and records the destruction in one transaction. Every node reads the change at its next use of the keyset,
 * because nothing is cached.
 * <p>
 * A store created with a previous store, such as the {@link FileKeysetStore} that an engine used before it stored
 * keysets in PostgreSQL, copies a keyset that only the previous store has into the table when it first reads it.
 * <p>
 * NOTE: PostgreSQL keeps the bytes of a deleted row in the table's pages until {@code VACUUM} reuses them, and in its
 * write-ahead log and backups. Replacing the master key after a deletion is the stronger guarantee.
 */
public final class PostgresKeysetStore implements KeysetStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresKeysetStore.class);

    private static final String LOAD = "SELECT wrapped_keyset FROM slipway_keyset WHERE application_id = ?";
    private static final String SAVE = "INSERT INTO slipway_keyset (application_id, wrapped_keyset, updated_at)"
            + " SELECT ?, ?, now() WHERE NOT EXISTS"
            + " (SELECT 1 FROM slipway_destroyed_keyset WHERE application_id = ?)"
            + " ON CONFLICT (application_id) DO UPDATE SET wrapped_keyset = EXCLUDED.wrapped_keyset,"
            + " updated_at = EXCLUDED.updated_at";
    private static final String SAVE_NEW = "INSERT INTO slipway_keyset (application_id, wrapped_keyset, updated_at)"
            + " SELECT ?, ?, now() WHERE NOT EXISTS"
            + " (SELECT 1 FROM slipway_destroyed_keyset WHERE application_id = ?)"
            + " ON CONFLICT (application_id) DO NOTHING";
    private static final String MARK_DESTROYED = "INSERT INTO slipway_destroyed_keyset (application_id, destroyed_at)"
            + " VALUES (?, now()) ON CONFLICT (application_id) DO NOTHING";
    private static final String DELETE = "DELETE FROM slipway_keyset WHERE application_id = ?";
    private static final String IS_DESTROYED = "SELECT 1 FROM slipway_destroyed_keyset WHERE application_id = ?";

    private final DataSource dataSource;
    private final KeysetStore previous;

    /** Creates a store on the migrated schema of {@code dataSource}. */
    public PostgresKeysetStore(DataSource dataSource) {
        this(dataSource, null);
    }

    /**
     * Creates a store on the migrated schema of {@code dataSource} that takes over the keysets of {@code previous},
     * or of no other store when it is null. A keyset destroyed in either store counts as destroyed.
     */
    public PostgresKeysetStore(DataSource dataSource, KeysetStore previous) {
        this.dataSource = dataSource;
        this.previous = previous;
    }

    @Override
    public Optional<byte[]> load(ApplicationId applicationId) {
        Optional<byte[]> stored = loadStored(applicationId);
        if (stored.isPresent() || previous == null) {
            return stored;
        }
        Optional<byte[]> earlier = previous.load(applicationId);
        if (earlier.isEmpty() || isDestroyed(applicationId)) {
            return Optional.empty();
        }
        if (saveNew(applicationId, earlier.get())) {
            log.info("application [{}] data keyset copied from the previous keyset store into PostgreSQL",
                    applicationId);
            return earlier;
        }
        return loadStored(applicationId);
    }

    /**
     * Replaces the application's keyset, unless it was destroyed.
     * <p>
     * NOTE: two nodes that rotate one application's key at the same moment both replace the row, so the secrets that
     * the overwritten rotation re-encrypted can no longer be decrypted.
     */
    @Override
    public void save(ApplicationId applicationId, byte[] wrappedKeyset) {
        if (update(applicationId, wrappedKeyset, connection -> connection.prepareStatement(SAVE)) == 0) {
            throw destroyed(applicationId);
        }
    }

    @Override
    public boolean saveNew(ApplicationId applicationId, byte[] wrappedKeyset) {
        if (update(applicationId, wrappedKeyset,
                connection -> connection.prepareStatement(SAVE_NEW)) == 1) {
            return true;
        }
        if (isDestroyed(applicationId)) {
            throw destroyed(applicationId);
        }
        return false;
    }

    @Override
    public void destroy(ApplicationId applicationId) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement mark = connection.prepareStatement(MARK_DESTROYED);
                 PreparedStatement delete = connection.prepareStatement(DELETE)) {
                mark.setString(1, applicationId.toString());
                mark.executeUpdate();
                delete.setString(1, applicationId.toString());
                delete.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SecretException("Unable to destroy the keyset of application '" + applicationId + "' in"
                    + " table slipway_keyset: " + e.getMessage() + ". Check that the database runs, then delete the"
                    + " application again.", e);
        }
        if (previous != null) {
            previous.destroy(applicationId);
        }
    }

    @Override
    public boolean isDestroyed(ApplicationId applicationId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(IS_DESTROYED)) {
            statement.setString(1, applicationId.toString());
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next()) {
                    return true;
                }
            }
        } catch (SQLException e) {
            throw new SecretException("Unable to read whether the keyset of application '" + applicationId
                    + "' was destroyed: " + e.getMessage() + ". Check that the database runs.", e);
        }
        return previous != null && previous.isDestroyed(applicationId);
    }

    private Optional<byte[]> loadStored(ApplicationId applicationId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(LOAD)) {
            statement.setString(1, applicationId.toString());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new SecretException("Unable to read the keyset of application '" + applicationId
                    + "' from PostgreSQL: " + e.getMessage() + ". Check that the database runs.", e);
        }
    }

    private int update(ApplicationId applicationId, byte[] wrappedKeyset, StatementFactory sql) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = sql.prepare(connection)) {
            statement.setString(1, applicationId.toString());
            statement.setBytes(2, wrappedKeyset);
            statement.setString(3, applicationId.toString());
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new SecretException("Unable to store the keyset of application '" + applicationId + "' in"
                    + " PostgreSQL: " + e.getMessage() + ". Check that the database runs.", e);
        }
    }

    private static SecretException destroyed(ApplicationId applicationId) {
        return new SecretException("Unable to store a key for application '" + applicationId + "': its key was"
                + " destroyed when the application was deleted.");
    }

    /** Prepares one of the constant statements of this class, so that no SQL text passes through a parameter. */
    @FunctionalInterface
    private interface StatementFactory {
        PreparedStatement prepare(Connection connection) throws SQLException;
    }
}
