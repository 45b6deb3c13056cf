package dev.slipway.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/** Creates Git repositories of the sample web application in {@code samples/hello-app}. */
final class SampleRepositories {

    /** The sample application, relative to the module directory in which Maven runs the tests. */
    private static final Path HELLO_APP = Path.of("..", "samples", "hello-app").toAbsolutePath().normalize();

    private SampleRepositories() {
    }

    /** Returns the author and committer of test commits, timestamped now. */
    static PersonIdent author() {
        return new PersonIdent("Slipway Test", "test@slipway.test");
    }

    /**
     * Copies the sample's {@code www} directory and {@code dockerfile} into {@code directory}, commits them on
     * {@code main}, and returns the repository's {@code file://} URL.
     */
    static String create(Path directory, String dockerfile) throws Exception {
        try (Stream<Path> paths = Files.walk(HELLO_APP.resolve("www"))) {
            for (Path source : paths.toList()) {
                Path copy = directory.resolve(HELLO_APP.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.writeString(directory.resolve("Dockerfile"), dockerfile);
        PersonIdent author = author();
        try (Git git = Git.init().setInitialBranch("main").setDirectory(directory.toFile()).call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Add the application").setAuthor(author).setCommitter(author).setSign(false)
                    .call();
        }
        return "file://" + directory.toAbsolutePath();
    }
}
