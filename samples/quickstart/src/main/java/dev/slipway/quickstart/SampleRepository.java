package dev.slipway.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FileUtils;

/** Makes a bare Git repository from a folder of files, so the demo has something to deploy. */
public final class SampleRepository {

    private SampleRepository() {
    }

    /**
     * Creates {@code bareRepository} with one commit on {@code main} holding the files of {@code source}, unless
     * the repository exists. Files keep their executable bit.
     *
     * @return true when it created the repository
     */
    public static boolean createIfMissing(Path source, Path bareRepository) throws IOException, GitAPIException {
        if (Files.isDirectory(bareRepository.resolve("objects"))) {
            return false;
        }
        if (!Files.isDirectory(source)) {
            throw new IOException("Sample source folder '" + source.toAbsolutePath() + "' not found. Start the"
                    + " quickstart from the repository root, or set slipway.demo.source.");
        }
        Path work = Files.createTempDirectory("slipway-sample");
        try {
            copyTree(source, work);
            Git.init().setBare(true).setInitialBranch("main").setDirectory(bareRepository.toFile()).call().close();
            try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
                git.add().addFilepattern(".").call();
                PersonIdent author = new PersonIdent("Slipway quickstart", "quickstart@slipway.invalid");
                git.commit().setMessage("Add the sample application").setAuthor(author).setCommitter(author).call();
                git.remoteAdd().setName("origin").setUri(new URIish(bareRepository.toUri().toString())).call();
                git.push().setRemote("origin").add("main").call();
            } catch (java.net.URISyntaxException e) {
                throw new IOException("Unable to address '" + bareRepository + "'", e);
            }
            return true;
        } finally {
            FileUtils.delete(work.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
