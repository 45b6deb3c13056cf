package dev.slipway.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.StepFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    private static final String MULTI_LINE = "-----BEGIN TEST KEY-----\nQUJDRA/EFG+ \"q\" 'q' $X ü€\n-----END-----\n";

    private final Path root = Path.of("/dev/shm", "slipway-core-" + UUID.randomUUID());
    private final ApplicationId application = ApplicationId.random();

    @TempDir
    Path diskDirectory;

    @AfterEach
    void removeRoot() throws Exception {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    void writeStoresExactBytesWithOwnerOnlyParents() throws Exception {
        SecretFiles files = new SecretFiles(root);

        Path directory = files.write(application, "deployment-1", Map.of("TLS_KEY", MULTI_LINE));

        assertThat(Files.readAllBytes(directory.resolve("TLS_KEY"))).isEqualTo(MULTI_LINE.getBytes("UTF-8"));
        assertThat(Files.getFileStore(directory).type()).isEqualTo("tmpfs");
        assertThat(permissions(root)).isEqualTo("rwx------");
        assertThat(permissions(root.resolve(application.toString()))).isEqualTo("rwx------");
        assertThat(permissions(directory)).isEqualTo("rwxr-xr-x");
        assertThat(permissions(directory.resolve("TLS_KEY"))).isEqualTo("r--r--r--");
    }

    @Test
    void writeAgainKeepsDirectoryAndDropsRemovedSecrets() throws Exception {
        SecretFiles files = new SecretFiles(root);
        Path directory = files.write(application, "deployment-1", Map.of("OLD", "old-value", "KEPT", "first"));
        Object identity = Files.readAttributes(directory, "unix:ino").get("ino");

        files.write(application, "deployment-1", Map.of("KEPT", "second"));

        assertThat(Files.readAttributes(directory, "unix:ino").get("ino")).isEqualTo(identity);
        assertThat(Files.readString(directory.resolve("KEPT"))).isEqualTo("second");
        assertThat(directory.resolve("OLD")).doesNotExist();
        try (var entries = Files.list(directory)) {
            assertThat(entries.map(path -> path.getFileName().toString())).containsExactly("KEPT");
        }
    }

    @Test
    void removeAndRetainDeleteOnlyOtherDeployments() {
        SecretFiles files = new SecretFiles(root);
        files.write(application, "deployment-1", Map.of("A_KEY", "value-one"));
        files.write(application, "deployment-2", Map.of("A_KEY", "value-two"));
        files.write(application, "deployment-3", Map.of("A_KEY", "value-three"));

        files.remove(application, "deployment-1");
        files.retainOnly(application, Set.of("deployment-3"));

        assertThat(files.directory(application, "deployment-1")).doesNotExist();
        assertThat(files.directory(application, "deployment-2")).doesNotExist();
        assertThat(files.directory(application, "deployment-3").resolve("A_KEY")).exists();

        files.removeApplication(application);

        assertThat(root.resolve(application.toString())).doesNotExist();
    }

    @Test
    void removingLastDeploymentRemovesApplicationDirectory() {
        SecretFiles files = new SecretFiles(root);
        files.write(application, "deployment-1", Map.of("A_KEY", "value-one"));
        files.write(application, "deployment-2", Map.of("A_KEY", "value-two"));

        files.remove(application, "deployment-1");

        assertThat(files.directory(application, "deployment-2").resolve("A_KEY")).exists();

        files.remove(application, "deployment-2");

        assertThat(root.resolve(application.toString())).doesNotExist();
    }

    @Test
    void rootOnDiskIsRejectedNamingProperty() {
        SecretFiles files = new SecretFiles(diskDirectory.resolve("secret-files"));

        assertThat(files.start()).isFalse();
        assertThatThrownBy(() -> files.write(application, "deployment-1", Map.of("A_KEY", "value-one")))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining(SecretFiles.PROPERTY)
                .hasMessageContaining("not tmpfs")
                .hasMessageNotContaining("value-one");
        assertThat(diskDirectory.resolve("secret-files").resolve(application.toString())).doesNotExist();
    }

    @Test
    void rootThatIsSymbolicLinkIsRejected() throws Exception {
        Path target = Files.createDirectories(root.resolve("real"));
        Path link = Files.createSymbolicLink(Path.of("/dev/shm", "slipway-link-" + UUID.randomUUID()), target);
        try {
            assertThat(new SecretFiles(link).start()).isFalse();
        } finally {
            Files.delete(link);
        }
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
