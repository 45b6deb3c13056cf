package dev.slipway.core.identity;

import dev.slipway.core.SlipwayException;
import dev.slipway.core.access.TokenScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores users, sessions and API tokens in tables of the engine's data source, so they survive a restart and every
 * engine node on the same database reads the same ones. {@link #migrate} creates the tables with Flyway, on
 * PostgreSQL and on H2.
 */
public final class JdbcIdentityStore implements IdentityStore {

    /** Flyway location of the identity tables' schema scripts. */
    public static final String MIGRATIONS = "classpath:db/slipway/identity";

    /** Table in which Flyway records the applied versions of the identity tables. */
    public static final String HISTORY_TABLE = "slipway_identity_schema_history";

    private static final Logger log = LoggerFactory.getLogger(JdbcIdentityStore.class);
    private static final String UNIQUE_VIOLATION_CLASS = "23";

    private final DataSource dataSource;

    /** Creates a store on a data source whose tables {@link #migrate} has created. */
    public JdbcIdentityStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates or updates the identity tables in the data source's current schema.
     *
     * @throws SlipwayException when a migration fails
     */
    public static void migrate(DataSource dataSource) {
        try {
            int executed = Flyway.configure(JdbcIdentityStore.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .table(HISTORY_TABLE)
                    // The schema usually contains the event store's tables already.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate()
                    .migrationsExecuted;
            log.info("identity tables migrated: {} migrations applied", executed);
        } catch (FlywayException e) {
            throw new SlipwayException("Unable to create the tables of users, sessions and API tokens: "
                    + e.getMessage() + ". Check that the database user may create tables in its current schema.", e);
        }
    }

    @Override
    public boolean addUser(StoredUser user) {
        String sql = "INSERT INTO slipway_user (user_name, password_hash, totp_secret_ciphertext, last_totp_step,"
                + " created_at) VALUES (?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, user.userName());
            statement.setString(2, user.passwordHash());
            statement.setString(3, user.totpSecretCiphertext());
            statement.setLong(4, user.lastTotpStep());
            statement.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
            statement.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith(UNIQUE_VIOLATION_CLASS)) {
                return false;
            }
            throw failed("store user '" + user.userName() + "'", e);
        }
    }

    @Override
    public Optional<StoredUser> findUser(String userName) {
        String sql = "SELECT password_hash, totp_secret_ciphertext, last_totp_step FROM slipway_user"
                + " WHERE user_name = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, userName);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredUser(userName, row.getString(1), row.getString(2), row.getLong(3)));
            }
        } catch (SQLException e) {
            throw failed("read user '" + userName + "'", e);
        }
    }

    @Override
    public boolean useTotpStep(String userName, long step) {
        return update("record the TOTP step of user '" + userName + "'",
                "UPDATE slipway_user SET last_totp_step = ? WHERE user_name = ? AND last_totp_step < ?",
                step, userName, step) == 1;
    }

    @Override
    public boolean changePasswordHash(String userName, String passwordHash) {
        return update("change the password of user '" + userName + "'",
                "UPDATE slipway_user SET password_hash = ? WHERE user_name = ?", passwordHash, userName) == 1;
    }

    @Override
    public void addSession(StoredSession session) {
        update("store session '" + session.sessionId() + "'", "INSERT INTO slipway_session (session_id, user_name,"
                        + " refresh_token_hash, expires_at, ended_at) VALUES (?, ?, ?, ?, ?)",
                session.sessionId(), session.userName(), session.refreshTokenHash(), time(session.expiresAt()),
                session.ended() ? OffsetDateTime.now(ZoneOffset.UTC) : null);
    }

    @Override
    public Optional<StoredSession> findSession(String sessionId) {
        String sql = "SELECT user_name, refresh_token_hash, expires_at, ended_at FROM slipway_session"
                + " WHERE session_id = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, sessionId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Instant expiresAt = row.getObject(3, OffsetDateTime.class).toInstant();
                boolean ended = row.getObject(4, OffsetDateTime.class) != null;
                return Optional.of(new StoredSession(sessionId, row.getString(1), row.getString(2), expiresAt,
                        ended));
            }
        } catch (SQLException e) {
            throw failed("read session '" + sessionId + "'", e);
        }
    }

    @Override
    public boolean rotateRefreshToken(String sessionId, String currentHash, String newHash) {
        String rotate = "UPDATE slipway_session SET refresh_token_hash = ? WHERE session_id = ?"
                + " AND refresh_token_hash = ? AND ended_at IS NULL";
        String used = "INSERT INTO slipway_used_refresh_token (refresh_token_hash, session_id) VALUES (?, ?)";
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(rotate);
                 PreparedStatement insert = connection.prepareStatement(used)) {
                update.setString(1, newHash);
                update.setString(2, sessionId);
                update.setString(3, currentHash);
                if (update.executeUpdate() != 1) {
                    connection.rollback();
                    return false;
                }
                insert.setString(1, currentHash);
                insert.setString(2, sessionId);
                insert.executeUpdate();
                connection.commit();
                return true;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failed("rotate the refresh token of session '" + sessionId + "'", e);
        }
    }

    @Override
    public boolean isRefreshTokenUsed(String refreshTokenHash) {
        String sql = "SELECT 1 FROM slipway_used_refresh_token WHERE refresh_token_hash = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, refreshTokenHash);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw failed("read the used refresh tokens", e);
        }
    }

    @Override
    public boolean endSession(String sessionId, Instant endedAt) {
        return update("end session '" + sessionId + "'",
                "UPDATE slipway_session SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL",
                time(endedAt), sessionId) == 1;
    }

    @Override
    public List<String> activeSessionIds(String userName) {
        String sql = "SELECT session_id FROM slipway_session WHERE user_name = ? AND ended_at IS NULL"
                + " ORDER BY session_id";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, userName);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw failed("read the sessions of user '" + userName + "'", e);
        }
    }

    @Override
    public void addApiToken(StoredApiToken token) {
        update("store API token '" + token.tokenId() + "'", "INSERT INTO slipway_api_token (token_id, owner_name,"
                        + " token_hash, scope, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)",
                token.tokenId(), token.owner(), token.tokenHash(), token.scope().name(),
                OffsetDateTime.now(ZoneOffset.UTC), token.revoked() ? OffsetDateTime.now(ZoneOffset.UTC) : null);
    }

    @Override
    public Optional<StoredApiToken> findApiToken(String tokenId) {
        String sql = "SELECT owner_name, token_hash, scope, revoked_at FROM slipway_api_token WHERE token_id = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tokenId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredApiToken(tokenId, row.getString(1), row.getString(2),
                        TokenScope.valueOf(row.getString(3)), row.getObject(4, OffsetDateTime.class) != null));
            }
        } catch (SQLException e) {
            throw failed("read API token '" + tokenId + "'", e);
        }
    }

    @Override
    public List<StoredApiToken> activeApiTokensOf(String owner) {
        String sql = "SELECT token_id, token_hash, scope FROM slipway_api_token WHERE owner_name = ?"
                + " AND revoked_at IS NULL ORDER BY token_id";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, owner);
            List<StoredApiToken> tokens = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tokens.add(new StoredApiToken(rows.getString(1), owner, rows.getString(2),
                            TokenScope.valueOf(rows.getString(3)), false));
                }
            }
            return tokens;
        } catch (SQLException e) {
            throw failed("read the API tokens of '" + owner + "'", e);
        }
    }

    @Override
    public boolean revokeApiToken(String tokenId, String owner, Instant revokedAt) {
        String sql = "UPDATE slipway_api_token SET revoked_at = ? WHERE token_id = ? AND owner_name = ?"
                + " AND revoked_at IS NULL";
        return update("revoke API token '" + tokenId + "'", sql, time(revokedAt), tokenId, owner) == 1;
    }

    @Override
    public Optional<String> findSigningKey(String name) {
        String sql = "SELECT key_ciphertext FROM slipway_signing_key WHERE key_name = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("read signing key '" + name + "'", e);
        }
    }

    @Override
    public boolean addSigningKey(String name, String ciphertext) {
        String sql = "INSERT INTO slipway_signing_key (key_name, key_ciphertext, created_at) VALUES (?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            statement.setString(2, ciphertext);
            statement.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            statement.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith(UNIQUE_VIOLATION_CLASS)) {
                return false;
            }
            throw failed("store signing key '" + name + "'", e);
        }
    }

    private int update(String action, String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failed(action, e);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static SlipwayException failed(String action, SQLException e) {
        return new SlipwayException("Unable to " + action + " in the identity tables: " + e.getMessage()
                + ". Check that the database is reachable.", e);
    }
}
