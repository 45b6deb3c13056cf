package dev.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.core.EngineSettings;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.ApplicationView;
import dev.slipway.core.application.RuntimeSpec;
import dev.slipway.core.application.SourceSpec;
import dev.slipway.core.application.VariableName;
import dev.slipway.core.runtime.StubContainerRuntime;
import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.secret.MasterKey;
import dev.slipway.core.secret.SecretException;
import dev.slipway.core.spec.ApplicationName;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import dev.slipway.core.storage.PostgresTestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single plain-Java engine on PostgreSQL storage, started twice on the same database. */
class DeploymentEnginePostgresStorageTest {

    private static final RequestContext ALICE = new RequestContext(Caller.user("alice"), "192.0.2.10", "request-1");

    @TempDir
    Path workDirectory;

    private final PostgresTestSchema schema = PostgresTestSchema.create();
    private final MasterKey masterKey = MasterKey.generate();

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Test
    void restartKeepsApplicationsAndSecrets() throws Exception {
        ApplicationId app;
        EncryptedSecret secret;
        try (DeploymentEngine engine = engine().postgresStorage(schema.dataSource()).build().start()) {
            app = engine.createApplication(ALICE, new ApplicationName("kept"),
                    new SourceSpec(RepositoryUrl.parse("https://git.example.test/o/kept.git"), new GitRef("main"),
                            null, null),
                    new RuntimeSpec(8080, null, null));
            secret = engine.secretVault().encrypt(app, "API_TOKEN", "token-value-1");
        }

        try (DeploymentEngine restarted = engine().postgresStorage(schema.dataSource()).build().start()) {
            ApplicationView view = restarted.findApplication(app).orElseThrow();

            assertThat(view.name()).isEqualTo("kept");
            assertThat(restarted.secretVault().decrypt(app, "API_TOKEN", secret)).isEqualTo("token-value-1");
        }
        assertThat(schema.count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '" + app
                + "'")).isPositive();
        assertThat(schema.count("SELECT count(*) FROM slipway_keyset")).isEqualTo(1);
    }

    @Test
    void longHistoryGetsSnapshot() throws Exception {
        ApplicationId app;
        try (DeploymentEngine engine = engine().postgresStorage(schema.dataSource()).snapshotThreshold(3).build()
                .start()) {
            app = engine.createApplication(ALICE, new ApplicationName("snapshotted"),
                    new SourceSpec(RepositoryUrl.parse("https://git.example.test/o/snap.git"), new GitRef("main"),
                            null, null),
                    new RuntimeSpec(8080, null, null));
            for (int i = 1; i <= 5; i++) {
                engine.setEnvironmentVariable(ALICE, app, new VariableName("STEP"), "value-" + i);
            }
        }

        try (DeploymentEngine restarted = engine().postgresStorage(schema.dataSource()).snapshotThreshold(3).build()
                .start()) {
            restarted.setEnvironmentVariable(ALICE, app, new VariableName("LAST"), "after-restart");

            assertThat(restarted.findConfiguration(ALICE, app).orElseThrow().environment())
                    .containsEntry("STEP", "value-5")
                    .containsEntry("LAST", "after-restart");
        }
        assertThat(schema.count("SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = '" + app
                + "'")).isPositive();
    }

    @Test
    void commandsDoNotWaitForSnapshots() throws Exception {
        try (DeploymentEngine engine = engine().postgresStorage(schema.dataSource()).snapshotThreshold(3).build()
                .start()) {
            ApplicationId app = engine.createApplication(ALICE, new ApplicationName("busy-snapshots"),
                    new SourceSpec(RepositoryUrl.parse("https://git.example.test/o/busy.git"), new GitRef("main"),
                            null, null),
                    new RuntimeSpec(8080, null, null));
            ExecutorService caller = Executors.newSingleThreadExecutor();
            try (Connection locker = schema.dataSource().getConnection()) {
                // While this transaction holds the table, taking a snapshot blocks until it ends.
                locker.setAutoCommit(false);
                try (Statement lock = locker.createStatement()) {
                    lock.execute("LOCK TABLE snapshot_event_entry IN ACCESS EXCLUSIVE MODE");
                }
                Future<?> commands = caller.submit(() -> {
                    for (int i = 1; i <= 6; i++) {
                        engine.setEnvironmentVariable(ALICE, app, new VariableName("STEP"), "value-" + i);
                    }
                });
                try {
                    assertThat(commands).as("commands while a snapshot waits for the table")
                            .succeedsWithin(Duration.ofSeconds(30));
                } finally {
                    locker.rollback();
                }
            } finally {
                caller.shutdownNow();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> schema.count("SELECT count(*) FROM"
                    + " snapshot_event_entry WHERE aggregate_identifier = '" + app + "'") > 0);
        }
    }

    @Test
    void clusterAndPostgresStorageTogetherRejected() {
        DeploymentEngine.Builder builder = engine().postgresStorage(schema.dataSource())
                .cluster(schema.dataSource(), new ClusterSettings("node-a", 1, Duration.ofSeconds(10)));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("postgresStorage");
    }

    @Test
    void missingMasterKeyLeavesSchemaEmpty() throws Exception {
        try (PostgresTestSchema empty = PostgresTestSchema.createEmpty()) {
            DeploymentEngine.Builder builder = DeploymentEngine.builder()
                    .sourceRepository(new UnusedSources())
                    .containerRuntime(new StubContainerRuntime())
                    .settings(EngineSettings.defaults(workDirectory))
                    .postgresStorage(empty.dataSource());

            assertThatThrownBy(builder::build).isInstanceOf(SecretException.class)
                    .hasMessageContaining("No master key set");
            assertThat(empty.count("SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_schema = current_schema()")).isZero();
        }
    }

    private DeploymentEngine.Builder engine() {
        return DeploymentEngine.builder()
                .sourceRepository(new UnusedSources())
                .containerRuntime(new StubContainerRuntime())
                .settings(EngineSettings.defaults(workDirectory))
                .masterKey(masterKey);
    }
}
