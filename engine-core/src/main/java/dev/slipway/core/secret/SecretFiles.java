package dev.slipway.core.secret;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.StepFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the decrypted secrets of a deployment as files, one per secret and named after it, into a directory on a
 * host tmpfs, from which the container runtime bind-mounts them read-only. The values never reach an image layer,
 * the container's writable layer or a disk.
 *
 * <p>Layout: {@code <root>/<application id>/<deployment id>/<secret name>}. The root and each application's
 * directory are readable by the engine's user only (mode 700), so other users of the host cannot reach the files. A
 * deployment's directory (755) and its files (444) are readable by every user, because the container's user id
 * differs from the engine's and reaches them only through the bind mount.
 *
 * <p>The feature is available only when the root is on a tmpfs and owned by the engine's user. {@link #start()}
 * checks both, and otherwise a deployment that requests secret files fails with a message naming
 * {@value #PROPERTY}.
 */
public final class SecretFiles {

    /** The property that sets the root directory under Spring Boot. */
    public static final String PROPERTY = "slipway.secrets.files-directory";
    /** The root directory used when none is configured, on the tmpfs that Linux mounts at {@code /dev/shm}. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/dev/shm/slipway");

    private static final Logger log = LoggerFactory.getLogger(SecretFiles.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> DEPLOYMENT_DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> WRITING = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--r--r--");

    private final Path root;
    private String unavailable;
    private boolean started;

    /** Creates secret files under {@code root}; nothing is created or checked until {@link #start()}. */
    public SecretFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Returns the root directory. */
    public Path root() {
        return root;
    }

    /**
     * Creates the root directory when it is missing and checks that it is a directory on a tmpfs, owned by the
     * engine's user, and not a symbolic link. When a check fails, it logs a warning and the feature stays off.
     * Calling it again does nothing.
     *
     * @return whether secret files can be written
     */
    public synchronized boolean start() {
        if (started) {
            return unavailable == null;
        }
        started = true;
        unavailable = check();
        if (unavailable == null) {
            log.info("secrets: secret files are written under [{}] on a tmpfs", root);
        } else {
            log.warn("secrets: secrets cannot be delivered as files: {}", unavailable);
        }
        return unavailable == null;
    }

    /**
     * Fails unless secret files can be written.
     *
     * @throws StepFailedException naming the field {@code secretFiles} and the property {@value #PROPERTY}
     */
    public void requireAvailable() {
        if (!start()) {
            throw new StepFailedException("Unable to deliver the secrets as files (runtime field 'secretFiles'): "
                    + unavailable);
        }
    }

    /** Returns the directory of a deployment's secret files, whether or not it exists. */
    public Path directory(ApplicationId applicationId, String deploymentId) {
        return root.resolve(applicationId.toString()).resolve(checkedSegment(deploymentId));
    }

    /**
     * Writes one file per secret into the deployment's directory, named after the secret and holding the value's
     * UTF-8 bytes exactly, and deletes files of secrets that are no longer in {@code secrets}. An existing directory
     * is kept, so a container that already mounts it reads the new files. Returns the directory.
     *
     * @throws StepFailedException when the files cannot be written; the message names no value
     */
    public synchronized Path write(ApplicationId applicationId, String deploymentId, Map<String, String> secrets) {
        requireAvailable();
        Path applicationDirectory = root.resolve(applicationId.toString());
        Path directory = directory(applicationId, deploymentId);
        try {
            createDirectory(applicationDirectory, OWNER_ONLY);
            createDirectory(directory, DEPLOYMENT_DIRECTORY);
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                writeFile(directory, checkedSegment(secret.getKey()), secret.getValue());
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    if (!secrets.containsKey(file.getFileName().toString())) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new StepFailedException("Unable to write the secret files of deployment '" + deploymentId
                    + "' into '" + directory + "': " + e.getClass().getSimpleName() + ". Check that " + PROPERTY
                    + " names a writable tmpfs directory, then deploy again.");
        }
        log.info("application [{}] deployment [{}] wrote {} secret file(s) into [{}]", applicationId, deploymentId,
                secrets.size(), directory);
        return directory;
    }

    /**
     * Deletes the secret files of a deployment, and the application's directory when no other deployment has files
     * in it. Does nothing when there are none. Failures are logged.
     */
    public synchronized void remove(ApplicationId applicationId, String deploymentId) {
        delete(directory(applicationId, deploymentId), "application [" + applicationId + "] deployment ["
                + deploymentId + "]");
        Path applicationDirectory = root.resolve(applicationId.toString());
        try {
            Files.deleteIfExists(applicationDirectory);
        } catch (DirectoryNotEmptyException e) {
            // Another deployment of the application still has secret files.
        } catch (IOException e) {
            log.warn("application [{}] unable to delete its empty secret file directory [{}]: {}", applicationId,
                    applicationDirectory, e.toString());
        }
    }

    /** Deletes the secret files of every deployment of an application. Failures are logged. */
    public synchronized void removeApplication(ApplicationId applicationId) {
        delete(root.resolve(applicationId.toString()), "application [" + applicationId + "]");
    }

    /**
     * Deletes the secret files of the application's deployments other than {@code keptDeploymentIds}. Failures are
     * logged.
     */
    public synchronized void retainOnly(ApplicationId applicationId, Set<String> keptDeploymentIds) {
        Path applicationDirectory = root.resolve(applicationId.toString());
        if (!Files.isDirectory(applicationDirectory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> deployments = Files.newDirectoryStream(applicationDirectory)) {
            for (Path deployment : deployments) {
                String deploymentId = deployment.getFileName().toString();
                if (!keptDeploymentIds.contains(deploymentId)) {
                    remove(applicationId, deploymentId);
                }
            }
        } catch (IOException e) {
            log.warn("application [{}] unable to list its secret file directories: {}", applicationId, e.toString());
        }
    }

    private String check() {
        try {
            Files.createDirectories(root);
            if (Files.isSymbolicLink(root)) {
                return "'" + root + "' is a symbolic link. Set " + PROPERTY + " to a real directory on a tmpfs.";
            }
            String type = Files.getFileStore(root).type();
            if (!"tmpfs".equals(type)) {
                return "'" + root + "' is on a file system of type '" + type + "', not tmpfs, so the values would"
                        + " reach a disk. Set " + PROPERTY + " to a directory on a tmpfs, such as /dev/shm/slipway"
                        + " or /run/slipway.";
            }
            UserPrincipal engineUser = root.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            UserPrincipal owner = Files.getOwner(root, LinkOption.NOFOLLOW_LINKS);
            if (!owner.equals(engineUser)) {
                return "'" + root + "' belongs to user '" + owner.getName() + "', not to the engine's user '"
                        + engineUser.getName() + "'. Remove it, or set " + PROPERTY + " to a directory of the"
                        + " engine's user.";
            }
            Files.setPosixFilePermissions(root, OWNER_ONLY);
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return "the directory '" + root + "' cannot be prepared: " + e + ". Set " + PROPERTY + " to a directory"
                    + " on a tmpfs that the engine's user may create.";
        }
    }

    private static void createDirectory(Path directory, Set<PosixFilePermission> permissions) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Files.setPosixFilePermissions(directory, permissions);
    }

    /** Writes the value into a private temporary file, makes it read-only, then renames it over the old file. */
    private static void writeFile(Path directory, String name, String value) throws IOException {
        Path temporary = directory.resolve("." + name + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(WRITING));
        Files.write(temporary, value.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(temporary, READ_ONLY);
        try {
            Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void delete(Path path, String owner) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path entry : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
            log.info("{} secret files deleted from [{}]", owner, path);
        } catch (IOException e) {
            log.warn("{} unable to delete secret files in [{}]: {}", owner, path, e.toString());
        }
    }

    /** Rejects a path segment that could leave its directory; ids and secret names never contain these. */
    private static String checkedSegment(String segment) {
        if (segment.isEmpty() || segment.contains("/") || segment.contains("\0") || segment.startsWith(".")) {
            throw new IllegalArgumentException("Invalid file name for secret files: '" + segment + "'");
        }
        return segment;
    }
}
