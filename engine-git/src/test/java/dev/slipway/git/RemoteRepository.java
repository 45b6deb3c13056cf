package dev.slipway.git;

import dev.slipway.core.spec.RepositoryUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A bare repository in a temporary folder, reached through a {@code file://} URL, and a working repository that
 * pushes commits, branches and tags into it with JGit.
 */
final class RemoteRepository implements AutoCloseable {

    private static final PersonIdent AUTHOR = new PersonIdent("Slipway Test", "test@slipway.test");

    private final Path bareDirectory;
    private final Path workDirectory;
    private final Git bare;
    private final Git work;

    private RemoteRepository(Path bareDirectory, Path workDirectory) throws GitAPIException, IOException {
        this.bareDirectory = bareDirectory;
        this.workDirectory = workDirectory;
        this.bare = Git.init().setBare(true).setInitialBranch("main").setDirectory(bareDirectory.toFile()).call();
        // Pushes would otherwise start a background garbage collection that races the removal of the temp folder.
        bare.getRepository().getConfig().setBoolean("receive", null, "autogc", false);
        bare.getRepository().getConfig().save();
        this.work = Git.init().setInitialBranch("main").setDirectory(workDirectory.toFile()).call();
    }

    static RemoteRepository create(Path root) throws GitAPIException, IOException {
        return new RemoteRepository(root.resolve("remote.git"), root.resolve("work"));
    }

    RepositoryUrl url() {
        return RepositoryUrl.parse("file://" + bareDirectory.toAbsolutePath());
    }

    Path bareDirectory() {
        return bareDirectory;
    }

    /** Writes a file in the working repository; a later {@link #commit} records it. */
    RemoteRepository file(String path, String content) throws IOException {
        Path file = workDirectory.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    RemoteRepository executable(String path, String content) throws IOException {
        file(path, content);
        Files.setPosixFilePermissions(workDirectory.resolve(path), PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }

    RemoteRepository symlink(String path, String target) throws IOException {
        Files.createSymbolicLink(workDirectory.resolve(path), Path.of(target));
        return this;
    }

    RevCommit commit(String message) throws GitAPIException {
        work.add().addFilepattern(".").call();
        return work.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
    }

    /** Commits a file with the given content and pushes the commit to the branch. */
    RevCommit commitTo(String branch, String path, String content) throws IOException, GitAPIException {
        file(path, content);
        RevCommit commit = commit("Change " + path + " on " + branch);
        push(commit, Constants.R_HEADS + branch);
        return commit;
    }

    /** Points a ref of the bare repository at the commit, forcing the update. */
    void push(ObjectId commit, String remoteRef) throws GitAPIException {
        work.push()
                .setRemote(bareDirectory.toUri().toString())
                .setRefSpecs(new RefSpec("+" + commit.name() + ":" + remoteRef))
                .call();
    }

    void lightweightTag(String name, RevCommit commit) throws GitAPIException {
        work.tag().setName(name).setObjectId(commit).setAnnotated(false).call();
        pushTag(name);
    }

    /** Creates and pushes an annotated tag, returning the id of the tag object, not of the commit. */
    ObjectId annotatedTag(String name, RevCommit commit) throws GitAPIException {
        ObjectId tagObject = work.tag()
                .setName(name)
                .setObjectId(commit)
                .setAnnotated(true)
                .setMessage("Release " + name)
                .setTagger(AUTHOR)
                .setSigned(false)
                .call()
                .getObjectId();
        pushTag(name);
        return tagObject;
    }

    private void pushTag(String name) throws GitAPIException {
        work.push()
                .setRemote(bareDirectory.toUri().toString())
                .setRefSpecs(new RefSpec(Constants.R_TAGS + name + ":" + Constants.R_TAGS + name))
                .call();
    }

    /**
     * Writes a commit straight into the bare repository, bypassing the checks of a working repository, and points the
     * branch at it. Its tree contains {@code a.txt} and {@code sub/<fileName>}, in that order.
     */
    ObjectId pushCommitWithFileInSub(String branch, String fileName) throws IOException {
        Repository repository = bare.getRepository();
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, "content\n".getBytes(StandardCharsets.UTF_8));
            TreeFormatter sub = new TreeFormatter();
            sub.append(fileName, FileMode.REGULAR_FILE, blob);
            ObjectId subTree = inserter.insert(sub);
            TreeFormatter root = new TreeFormatter();
            root.append("a.txt", FileMode.REGULAR_FILE, blob);
            root.append("sub", FileMode.TREE, subTree);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(root));
            commit.setAuthor(AUTHOR);
            commit.setCommitter(AUTHOR);
            commit.setMessage("Add sub/" + fileName);
            ObjectId commitId = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(commitId);
            update.forceUpdate();
            return commitId;
        }
    }

    @Override
    public void close() {
        bare.close();
        work.close();
    }
}
