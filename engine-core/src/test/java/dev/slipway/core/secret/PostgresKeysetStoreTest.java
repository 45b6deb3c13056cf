package dev.slipway.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.storage.PostgresTestSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two vaults stand for two engine nodes: each has a data directory of its own and the same master key, and both
 * keep their keysets in one PostgreSQL schema.
 */
class PostgresKeysetStoreTest {

    private static final String API_KEY = "sk_test_PLACEHOLDER_987";

    @TempDir
    Path nodeADirectory;

    @TempDir
    Path nodeBDirectory;

    private final MasterKey masterKey = MasterKey.generate();
    private final ApplicationId application = ApplicationId.random();
    private PostgresTestSchema database;
    private SecretVault nodeA;
    private SecretVault nodeB;

    @BeforeEach
    void createNodes() {
        database = PostgresTestSchema.create();
        nodeA = vault(new FileKeysetStore(nodeADirectory));
        nodeB = vault(new FileKeysetStore(nodeBDirectory));
    }

    @AfterEach
    void dropSchema() {
        database.close();
    }

    @Test
    void secretOfOneNodeDecryptsOnAnother() {
        EncryptedSecret encrypted = nodeA.encrypt(application, "API_KEY", API_KEY);

        assertThat(nodeB.decrypt(application, "API_KEY", encrypted)).isEqualTo(API_KEY);
        assertThat(nodeBDirectory).isEmptyDirectory();
    }

    @Test
    void destroyShredsKeysetForEveryNode() throws Exception {
        EncryptedSecret encrypted = nodeA.encrypt(application, "API_KEY", API_KEY);
        assertThat(nodeB.decrypt(application, "API_KEY", encrypted)).isEqualTo(API_KEY);

        nodeB.destroy(application);

        assertThat(database.count("SELECT count(*) FROM slipway_keyset")).isZero();
        assertThat(nodeA.isDestroyed(application)).isTrue();
        assertThatThrownBy(() -> nodeA.decrypt(application, "API_KEY", encrypted))
                .isInstanceOf(SecretException.class)
                .hasMessageNotContaining(API_KEY);
        assertThatThrownBy(() -> nodeB.decrypt(application, "API_KEY", encrypted))
                .isInstanceOf(SecretException.class);
        assertThatThrownBy(() -> nodeA.encrypt(application, "OTHER", "value"))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("destroyed");
    }

    @Test
    void keysetOfPreviousFileStoreMovesIntoTable() throws Exception {
        FileKeysetStore files = new FileKeysetStore(nodeADirectory);
        EncryptedSecret encrypted = new SecretVault(masterKey, files).encrypt(application, "API_KEY", API_KEY);

        SecretVault upgraded = vault(files);

        assertThat(upgraded.decrypt(application, "API_KEY", encrypted)).isEqualTo(API_KEY);
        assertThat(database.count("SELECT count(*) FROM slipway_keyset")).isEqualTo(1);
        assertThat(nodeB.decrypt(application, "API_KEY", encrypted)).isEqualTo(API_KEY);
    }

    @Test
    void concurrentFirstUseCreatesOneKeyset() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<EncryptedSecret>> secrets = new ArrayList<>();
            for (SecretVault vault : List.of(nodeA, nodeB)) {
                Callable<EncryptedSecret> encrypt = () -> {
                    start.await();
                    return vault.encrypt(application, "API_KEY", API_KEY);
                };
                secrets.add(threads.submit(encrypt));
            }
            start.countDown();

            for (Future<EncryptedSecret> secret : secrets) {
                assertThat(nodeA.decrypt(application, "API_KEY", secret.get())).isEqualTo(API_KEY);
                assertThat(nodeB.decrypt(application, "API_KEY", secret.get())).isEqualTo(API_KEY);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(database.count("SELECT count(*) FROM slipway_keyset")).isEqualTo(1);
    }

    private SecretVault vault(KeysetStore previous) {
        return new SecretVault(masterKey, new PostgresKeysetStore(database.dataSource(), previous));
    }
}
