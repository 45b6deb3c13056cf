package dev.slipway.git;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Target directory of one checkout. It remembers whether the directory existed, so that a failed checkout deletes
 * only what it wrote: the directory and any parents it created, or the contents of a directory that existed empty.
 */
final class CheckoutDirectory {

    private static final Logger log = LoggerFactory.getLogger(CheckoutDirectory.class);

    private final Path path;
    private final boolean existed;
    private final Path firstCreated;

    private CheckoutDirectory(Path path, boolean existed, Path firstCreated) {
        this.path = path;
        this.existed = existed;
        this.firstCreated = firstCreated;
    }

    /**
     * Checks that the directory is missing or empty and creates it with any missing parents.
     *
     * @throws IllegalArgumentException when the path exists and is not an empty directory
     */
    static CheckoutDirectory create(Path directory) throws IOException {
        Path path = directory.toAbsolutePath().normalize();
        boolean existed = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
        if (existed) {
            requireEmptyDirectory(path);
        }
        CheckoutDirectory checkoutDirectory = new CheckoutDirectory(path, existed, firstMissingAncestor(path));
        Files.createDirectories(path);
        return checkoutDirectory;
    }

    Path path() {
        return path;
    }

    /** Creates an empty folder beside the directory for Git metadata, named after it and starting with a dot. */
    Path createMetadataFolder() throws IOException {
        return Files.createTempDirectory(path.getParent(), "." + path.getFileName() + ".git-");
    }

    /** Deletes what the checkout wrote, keeping a directory that existed before it. */
    void deleteWritten() {
        if (!existed) {
            deleteTree(firstCreated);
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                deleteTree(entry);
            }
        } catch (IOException e) {
            log.warn("Unable to empty [{}] after a failed checkout: {}", path, e.toString());
        }
    }

    /** Deletes a file tree without following symbolic links, so a link in a checkout never leads outside it. */
    static void deleteTree(Path root) {
        try {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("Unable to delete [{}] after a checkout: {}", root, e.toString());
        }
    }

    private static void requireEmptyDirectory(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("Unable to check out into '" + path
                    + "': it exists and is not a directory. Pass a new or empty directory.");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            if (entries.iterator().hasNext()) {
                throw new IllegalArgumentException("Unable to check out into '" + path
                        + "': the directory is not empty. Pass a new or empty directory.");
            }
        }
    }

    private static Path firstMissingAncestor(Path path) {
        Path missing = path;
        for (Path parent = path.getParent(); parent != null && !Files.exists(parent); parent = parent.getParent()) {
            missing = parent;
        }
        return missing;
    }
}
