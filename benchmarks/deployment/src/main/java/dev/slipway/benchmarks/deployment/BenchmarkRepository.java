package dev.slipway.benchmarks.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;

/** Creates a bare Git repository with the sample application on {@code main}. */
final class BenchmarkRepository {

    private BenchmarkRepository() {
    }

    /** Commits the files of {@code sample} to a new bare repository under {@code parent} and returns its path. */
    static Path create(Path sample, Path parent) throws Exception {
        Path work = parent.resolve("sample");
        copy(sample, work);
        Path bare = parent.resolve("sample.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        PersonIdent author = new PersonIdent("Benchmark", "benchmark@slipway.invalid");
        try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Add the sample").setAuthor(author).setCommitter(author).call();
            git.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
            git.push().setRemote("origin").add("main").call();
        }
        return bare.toAbsolutePath();
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
