package dev.slipway.quickstart.storage;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own in the test PostgreSQL database for one test class, dropped afterwards. The database comes from
 * {@code SLIPWAY_TEST_DATABASE_URL}, {@code SLIPWAY_TEST_DATABASE_USER} and {@code SLIPWAY_TEST_DATABASE_PASSWORD},
 * by default the role and database that {@code .ci/run} creates.
 */
final class TestDatabase implements AutoCloseable {

    private static final String URL = setting("SLIPWAY_TEST_DATABASE_URL",
            "jdbc:postgresql://127.0.0.1:5432/slipway_test");
    private static final String USER = setting("SLIPWAY_TEST_DATABASE_USER", "slipway");
    private static final String PASSWORD = setting("SLIPWAY_TEST_DATABASE_PASSWORD", "slipway");

    private final String schema;

    private TestDatabase(String schema) {
        this.schema = schema;
    }

    /** Creates a fresh schema, or fails the test with the fix when PostgreSQL does not answer. */
    static TestDatabase create() {
        String schema = "slipway_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        return new TestDatabase(schema);
    }

    String url() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    String user() {
        return USER;
    }

    String password() {
        return PASSWORD;
    }

    String schema() {
        return schema;
    }

    PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url());
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, PASSWORD);
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
            fail("PostgreSQL not reachable at " + URL + " as '" + USER + "' (" + e.getMessage() + "): run .ci/run,"
                    + " or start it with 'pg_ctlcluster 15 main start' and create the role and database it names", e);
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
