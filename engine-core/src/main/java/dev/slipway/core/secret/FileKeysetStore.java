package dev.slipway.core.secret;

import dev.slipway.core.application.ApplicationId;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A {@link KeysetStore} in a folder: {@code <application-id>.keyset} contains the wrapped keyset, readable by the
 * owner only, and {@code <application-id>.destroyed} marks a destroyed one. A keyset is replaced by an atomic
 * rename, so a crash never leaves half a keyset.
 */
public final class FileKeysetStore implements KeysetStore {

    private final Path directory;

    public FileKeysetStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<byte[]> load(ApplicationId applicationId) {
        Path file = keysetFile(applicationId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new SecretException("Unable to read the keyset of application '" + applicationId + "' from '"
                    + file + "': " + e.getMessage() + ". Check the folder's permissions.", e);
        }
    }

    @Override
    public void save(ApplicationId applicationId, byte[] wrappedKeyset) {
        Path file = keysetFile(applicationId);
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, applicationId.toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, wrappedKeyset);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new SecretException("Unable to write the keyset of application '" + applicationId + "' to '"
                    + file + "': " + e.getMessage() + ". Check the folder's permissions and free space.", e);
        }
    }

    @Override
    public void destroy(ApplicationId applicationId) {
        Path file = keysetFile(applicationId);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(applicationId + ".destroyed"), "");
            if (Files.exists(file)) {
                // NOTE: Overwriting first makes the old bytes harder to recover, but journaling file systems and SSDs
                // may keep copies. Replacing the master key after a deletion is the stronger guarantee.
                Files.write(file, new byte[(int) Files.size(file)]);
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new SecretException("Unable to destroy the keyset of application '" + applicationId + "' at '"
                    + file + "': " + e.getMessage() + ". Delete the file by hand.", e);
        }
    }

    @Override
    public boolean isDestroyed(ApplicationId applicationId) {
        return Files.exists(directory.resolve(applicationId + ".destroyed"));
    }

    private Path keysetFile(ApplicationId applicationId) {
        return directory.resolve(applicationId + ".keyset");
    }
}
