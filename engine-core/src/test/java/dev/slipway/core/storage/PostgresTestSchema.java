package dev.slipway.core.storage;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own in the test PostgreSQL database, migrated to the engine's tables and dropped on close. The
 * database comes from {@code SLIPWAY_TEST_DATABASE_URL}, {@code SLIPWAY_TEST_DATABASE_USER} and
 * {@code SLIPWAY_TEST_DATABASE_PASSWORD}, by default {@code slipway_test} on 127.0.0.1:5432 as {@code slipway}.
 */
public final class PostgresTestSchema implements AutoCloseable {

    private static final String URL = setting("SLIPWAY_TEST_DATABASE_URL",
            "jdbc:postgresql://127.0.0.1:5432/slipway_test");
    private static final String USER = setting("SLIPWAY_TEST_DATABASE_USER", "slipway");
    private static final String PASSWORD = setting("SLIPWAY_TEST_DATABASE_PASSWORD", "slipway");

    private final String schema;

    private PostgresTestSchema(String schema) {
        this.schema = schema;
    }

    /** Creates and migrates a fresh schema, or fails the test with the fix when PostgreSQL does not respond. */
    public static PostgresTestSchema create() {
        PostgresTestSchema created = createEmpty();
        PostgresStorage.migrate(created.dataSource());
        return created;
    }

    /** Creates a fresh schema without tables, or fails the test with the fix when PostgreSQL does not respond. */
    public static PostgresTestSchema createEmpty() {
        String schema = "slipway_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        return new PostgresTestSchema(schema);
    }

    /** Returns a new data source on the schema; each call opens its own connections. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    /** Returns the first column of the first row of a query, as a number. */
    public long count(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection();
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            fail("PostgreSQL not reachable at " + URL + " as '" + USER + "' (" + e.getMessage() + "): start it with"
                    + " 'pg_ctlcluster 15 main start' and create the role and database it names", e);
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
