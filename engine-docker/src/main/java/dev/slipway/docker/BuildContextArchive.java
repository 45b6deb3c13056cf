package dev.slipway.docker;

import com.github.dockerjava.core.GoLangFileMatch;
import com.github.dockerjava.core.exception.GoLangFileMatchException;
import dev.slipway.core.runtime.StepFailedException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a build context folder to a tar file in the form the Docker Engine API expects, honouring
 * {@code .dockerignore}.
 *
 * <p>Symbolic links go into the archive as links and are never followed, so a link in a repository such as
 * {@code data -> /} cannot copy files of the engine's host into an image. docker-java's own context packer follows
 * links to folders, which is why the engine packs the context itself.
 */
final class BuildContextArchive {

    private static final String DOCKERIGNORE = ".dockerignore";
    private static final int TYPE_FILE = 0100000;
    private static final int TYPE_DIRECTORY = 040000;

    private final Path context;
    private final String dockerfile;
    private final List<String> patterns;
    private final boolean hasExceptions;

    private BuildContextArchive(Path context, String dockerfile, List<String> patterns) {
        this.context = context;
        this.dockerfile = dockerfile;
        this.patterns = patterns;
        this.hasExceptions = patterns.stream().anyMatch(pattern -> pattern.startsWith("!"));
    }

    /**
     * Packs {@code context} into a new temporary tar file, readable only by its owner, and returns its path. The
     * caller deletes it.
     *
     * @param dockerfile the Dockerfile's path relative to the context with {@code /} separators; it is packed even
     *                   when {@code .dockerignore} excludes it, as the Docker CLI does
     */
    static Path write(Path context, String dockerfile) throws IOException {
        BuildContextArchive archive = new BuildContextArchive(context, dockerfile, readPatterns(context));
        Path tar = Files.createTempFile("slipway-build-context-", ".tar");
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tar));
             TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Files.walkFileTree(context, archive.new Packer(out));
            out.finish();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tar);
            throw e;
        }
        return tar;
    }

    /** Reads {@code .dockerignore} patterns as Docker does: blank lines and {@code #} comments skipped. */
    private static List<String> readPatterns(Path context) throws IOException {
        Path ignoreFile = context.resolve(DOCKERIGNORE);
        if (!Files.isRegularFile(ignoreFile, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<String> patterns = new ArrayList<>();
        for (String raw : Files.readAllLines(ignoreFile)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exception = line.startsWith("!");
            String pattern = clean(exception ? line.substring(1).strip() : line);
            if (!pattern.isEmpty()) {
                patterns.add(exception ? "!" + pattern : pattern);
            }
        }
        return patterns;
    }

    private static String clean(String pattern) {
        String cleaned = pattern;
        while (cleaned.startsWith("/")) {
            cleaned = cleaned.substring(1);
        }
        if (cleaned.isEmpty()) {
            return cleaned;
        }
        String normalized = Path.of(cleaned).normalize().toString();
        return ".".equals(normalized) ? "" : normalized;
    }

    /** Returns whether the last pattern that matches {@code path} excludes it. */
    private boolean excluded(String path) {
        boolean excluded = false;
        for (String pattern : patterns) {
            boolean exception = pattern.startsWith("!");
            try {
                if (GoLangFileMatch.match(exception ? pattern.substring(1) : pattern, path)) {
                    excluded = !exception;
                }
            } catch (GoLangFileMatchException e) {
                throw new StepFailedException("Unable to build: invalid pattern '" + pattern + "' in " + DOCKERIGNORE
                        + " (" + e.getMessage() + "). Fix the pattern and deploy again.", e);
            }
        }
        return excluded;
    }

    private boolean alwaysPacked(String path) {
        return path.equals(dockerfile) || path.equals(DOCKERIGNORE);
    }

    private String relative(Path path) {
        return context.relativize(path).toString().replace('\\', '/');
    }

    /** Walks the context without following links and writes one entry per folder, file and link. */
    private final class Packer extends SimpleFileVisitor<Path> {

        private final TarArchiveOutputStream out;

        Packer(TarArchiveOutputStream out) {
            this.out = out;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
            if (dir.equals(context)) {
                return FileVisitResult.CONTINUE;
            }
            String path = relative(dir);
            if (excluded(path)) {
                // A folder that contains the Dockerfile, or files a later "!" pattern brings back, is walked anyway.
                boolean holdsDockerfile = dockerfile.startsWith(path + "/");
                return hasExceptions || holdsDockerfile ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }
            TarArchiveEntry entry = new TarArchiveEntry(path + "/");
            entry.setMode(TYPE_DIRECTORY | permissions(dir));
            entry.setModTime(attributes.lastModifiedTime().toMillis());
            out.putArchiveEntry(entry);
            out.closeArchiveEntry();
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            String path = relative(file);
            if (excluded(path) && !alwaysPacked(path)) {
                return FileVisitResult.CONTINUE;
            }
            if (attributes.isSymbolicLink()) {
                TarArchiveEntry entry = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
                entry.setLinkName(Files.readSymbolicLink(file).toString());
                out.putArchiveEntry(entry);
                out.closeArchiveEntry();
            } else if (attributes.isRegularFile()) {
                TarArchiveEntry entry = new TarArchiveEntry(path);
                entry.setMode(TYPE_FILE | permissions(file));
                entry.setSize(attributes.size());
                entry.setModTime(attributes.lastModifiedTime().toMillis());
                out.putArchiveEntry(entry);
                Files.copy(file, out);
                out.closeArchiveEntry();
            }
            // Sockets, pipes and device files have no place in an image and are left out.
            return FileVisitResult.CONTINUE;
        }
    }

    private static int permissions(Path path) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }
}
