package dev.slipway.core.storage;

import dev.slipway.core.SlipwayException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the engine's PostgreSQL schema, and builds Axon's JDBC event storage engine on it. The Spring
 * Boot auto-configuration uses it for {@code slipway.storage.type=postgresql}, and plain-Java embeddings call it
 * directly.
 */
public final class PostgresStorage {

    /** Flyway location of the versioned schema scripts. */
    public static final String MIGRATIONS = "classpath:db/slipway/postgresql";

    /** Table in which Flyway records the applied versions, apart from any Flyway history the application keeps. */
    public static final String HISTORY_TABLE = "slipway_schema_history";

    private static final Logger log = LoggerFactory.getLogger(PostgresStorage.class);

    private PostgresStorage() {
    }

    /**
     * Applies the schema versions the database lacks, in the data source's current schema, and returns the version
     * it then has. Flyway 11 takes a PostgreSQL advisory lock around a migration
     * ({@code PostgreSQLAdvisoryLockTemplate}), so processes that start at once apply each version only once.
     * NOTE: no test starts two processes against one empty schema.
     *
     * @throws SlipwayException when the data source is not PostgreSQL or a migration fails
     */
    public static String migrate(DataSource dataSource) {
        String product = databaseProduct(dataSource);
        if (!"PostgreSQL".equals(product)) {
            throw new SlipwayException("Unable to use the data source as PostgreSQL storage: it is '" + product
                    + "'. Use a jdbc:postgresql:// database (spring.datasource.url under Spring Boot), or store"
                    + " events elsewhere (slipway.storage.type=embedded under Spring Boot, or no postgresStorage(...)"
                    + " in plain Java).");
        }
        requireCurrentSchema(dataSource);
        try {
            MigrateResult result = Flyway.configure(PostgresStorage.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .table(HISTORY_TABLE)
                    // A schema that already contains the application's own tables gets the engine's tables beside them.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                    : result.initialSchemaVersion;
            log.info("storage schema at version [{}] after {} migrations", version, result.migrationsExecuted);
            return version;
        } catch (FlywayException e) {
            throw new SlipwayException("Unable to migrate the engine's PostgreSQL schema: " + e.getMessage()
                    + ". Check that the database user may create tables in its current schema.", e);
        }
    }

    /**
     * Returns a connection provider that hands a unit of work the same connection for all its statements, so that
     * the events of one command are committed together.
     */
    public static ConnectionProvider connectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new DataSourceConnectionProvider(dataSource));
    }

    /**
     * Returns a builder of Axon's JDBC event storage engine for the migrated schema: payloads as {@code bytea}, and
     * a unique-key violation on an aggregate's sequence number reported as a concurrency conflict.
     */
    public static JdbcEventStorageEngine.Builder eventStorageEngine(ConnectionProvider connections,
                                                                    TransactionManager transactions,
                                                                    Serializer eventSerializer,
                                                                    Serializer snapshotSerializer) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactions)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(snapshotSerializer)
                .schema(PostgresSchemas.events())
                .persistenceExceptionResolver(new PostgresDuplicateKeyResolver())
                .dataType(byte[].class);
    }

    private static String withoutFinalPeriod(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    /**
     * Rejects a data source whose connections have no current schema, which PostgreSQL reports when the schema that
     * {@code currentSchema} names does not exist. Flyway would create that schema, and a mistyped name would start
     * the engine on empty storage.
     */
    private static void requireCurrentSchema(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_schema()")) {
            if (result.next() && result.getString(1) != null) {
                return;
            }
        } catch (SQLException e) {
            throw new SlipwayException("Unable to read the current schema of the PostgreSQL storage: "
                    + withoutFinalPeriod(e) + ". Check the data source's URL and user.", e);
        }
        throw new SlipwayException("Unable to use the PostgreSQL storage: the data source has no current schema,"
                + " because the schema that currentSchema names in its URL does not exist or the user may not use it."
                + " Check the name, or create the schema with CREATE SCHEMA first.");
    }

    private static String databaseProduct(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new SlipwayException("Unable to connect to the PostgreSQL storage: " + withoutFinalPeriod(e)
                    + ". Check the data source's URL and user (spring.datasource.* under Spring Boot) and that the"
                    + " database runs.", e);
        }
    }
}
