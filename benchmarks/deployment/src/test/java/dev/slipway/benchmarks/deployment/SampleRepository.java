package dev.slipway.benchmarks.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;

/**
 * A bare Git repository with the sample application on {@code main} and variants on other branches: {@code slow}
 * builds for a while, {@code unhealthy} returns 404 on {@code /health}, {@code crash} exits with code 3 at once.
 */
final class SampleRepository {

    private static final PersonIdent AUTHOR = new PersonIdent("Test", "test@slipway.invalid");

    private SampleRepository() {
    }

    /**
     * Creates the repository under {@code parent} and returns the bare repository's path.
     *
     * @param slowBuildSeconds how long the {@code RUN sleep} step of the {@code slow} branch takes
     */
    static Path create(Path parent, int slowBuildSeconds) throws Exception {
        Path work = parent.resolve("sample");
        copy(Path.of("..", "..", "samples", "hello-app"), work);
        Path bare = parent.resolve("sample.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
            commitAll(git, "Add the sample");
            git.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
            git.push().setRemote("origin").add("main").call();

            git.checkout().setCreateBranch(true).setName("slow").call();
            Path dockerfile = work.resolve("Dockerfile");
            String original = Files.readString(dockerfile);
            Files.writeString(dockerfile, original.replace("COPY www/ /www/",
                    "RUN sleep " + slowBuildSeconds + "\nCOPY www/ /www/"));
            commitAll(git, "Build slowly");
            git.push().setRemote("origin").add("slow").call();

            git.checkout().setName("main").call();
            git.checkout().setCreateBranch(true).setName("unhealthy").call();
            git.rm().addFilepattern("www/health").call();
            commitAll(git, "Remove the health page");
            git.push().setRemote("origin").add("unhealthy").call();

            git.checkout().setName("main").call();
            git.checkout().setCreateBranch(true).setName("crash").call();
            Files.writeString(dockerfile, original.replace("CMD [\"httpd\", \"-f\", \"-v\", \"-p\", \"8080\", \"-h\","
                    + " \"/www\"]", "CMD [\"sh\", \"-c\", \"echo starting; echo 'fatal: DATABASE_URL is not set' >&2;"
                    + " exit 3\"]"));
            commitAll(git, "Exit at once");
            git.push().setRemote("origin").add("crash").call();
        }
        return bare.toAbsolutePath();
    }

    private static void commitAll(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
    }

    private static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
