package dev.slipway.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.SlipwayException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The errors of {@link PostgresStorage#migrate} for a data source it cannot use. */
class PostgresStorageTest {

    @Test
    void migrateRejectsH2DataSource() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:postgres-storage-test;DB_CLOSE_DELAY=-1");

        assertThatThrownBy(() -> PostgresStorage.migrate(h2))
                .isInstanceOf(SlipwayException.class)
                .hasMessageContaining("it is 'H2'")
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageContaining("postgresStorage(...)");
    }

    @Test
    void migrateRejectsMissingSchema() throws Exception {
        try (PostgresTestSchema schema = PostgresTestSchema.createEmpty()) {
            String missing = "slipway_missing_" + System.nanoTime();
            PGSimpleDataSource dataSource = (PGSimpleDataSource) schema.dataSource();
            dataSource.setCurrentSchema(missing);

            assertThatThrownBy(() -> PostgresStorage.migrate(dataSource))
                    .isInstanceOf(SlipwayException.class)
                    .hasMessageContaining("no current schema")
                    .hasMessageContaining("currentSchema");
            assertThat(schema.count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                    + missing + "'")).isZero();
        }
    }

    @Test
    void migrateNamesRefusedConnection() {
        PGSimpleDataSource closedPort = new PGSimpleDataSource();
        // Port 1 on loopback has no PostgreSQL server, so the driver's connection is refused at once.
        closedPort.setUrl("jdbc:postgresql://127.0.0.1:1/slipway_test");

        assertThatThrownBy(() -> PostgresStorage.migrate(closedPort))
                .isInstanceOf(SlipwayException.class)
                .hasMessageContaining("Unable to connect to the PostgreSQL storage: Connection to 127.0.0.1:1 refused")
                .hasMessageNotContaining("..")
                .hasMessageContaining("Check the data source's URL and user");
    }
}
