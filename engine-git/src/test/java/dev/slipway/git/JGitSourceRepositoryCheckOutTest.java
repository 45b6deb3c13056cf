package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.policy.OutboundAddressPolicy;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JGitSourceRepositoryCheckOutTest {

    @TempDir
    Path temp;

    private RemoteRepository remote;
    private Path workspace;
    private Path checkout;
    private final JGitSourceRepository source = new JGitSourceRepository(
            JGitSourceRepository.Settings.DEFAULTS.withOutboundAddresses(OutboundAddressPolicy.allowing("127.0.0.1")));

    @BeforeEach
    void createRemote() throws Exception {
        remote = RemoteRepository.create(temp.resolve("git"));
        workspace = Files.createDirectories(temp.resolve("workspace"));
        checkout = workspace.resolve("checkout");
    }

    @AfterEach
    void closeRemote() {
        remote.close();
    }

    @Test
    void checkOutWritesCommitTreeWithoutGitMetadata() throws Exception {
        remote.file("Dockerfile", "FROM busybox:stable\n").file("src/app/main.txt", "hello\n");
        RevCommit commit = remote.commit("First release");
        remote.push(commit, "refs/heads/main");

        source.checkOut(remote.url(), new GitRef("main"), sha(commit), checkout);

        assertThat(checkout.resolve("Dockerfile")).hasContent("FROM busybox:stable");
        assertThat(checkout.resolve("src/app/main.txt")).hasContent("hello");
        assertThat(checkout.resolve(".git")).doesNotExist();
        assertThat(entries(checkout)).containsExactlyInAnyOrder("Dockerfile", "src");
        assertThat(entries(workspace)).as("metadata folder beside the checkout is deleted").containsExactly("checkout");
    }

    @Test
    void checkOutKeepsExecutableBitAndSymbolicLinks() throws Exception {
        remote.executable("bin/start.sh", "#!/bin/sh\necho started\n")
                .file("README.md", "readme\n")
                .symlink("start", "bin/start.sh");
        RevCommit commit = remote.commit("Add start script");
        remote.push(commit, "refs/heads/main");

        source.checkOut(remote.url(), new GitRef("main"), sha(commit), checkout);

        assertThat(Files.getPosixFilePermissions(checkout.resolve("bin/start.sh")))
                .contains(PosixFilePermission.OWNER_EXECUTE);
        assertThat(Files.getPosixFilePermissions(checkout.resolve("README.md")))
                .doesNotContain(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE);
        assertThat(checkout.resolve("start")).isSymbolicLink();
        assertThat(Files.readSymbolicLink(checkout.resolve("start"))).isEqualTo(Path.of("bin/start.sh"));
    }

    @Test
    void checkOutAfterBranchMovedGivesResolvedCommit() throws Exception {
        remote.commitTo("main", "version.txt", "1");
        CommitSha resolved = source.resolve(remote.url(), new GitRef("main"));
        remote.commitTo("main", "version.txt", "2");

        source.checkOut(remote.url(), new GitRef("main"), resolved, checkout);

        assertThat(checkout.resolve("version.txt")).hasContent("1");
    }

    @Test
    void checkOutOfOlderCommitGivesItsContent() throws Exception {
        RevCommit first = remote.commitTo("main", "version.txt", "1");
        remote.commitTo("main", "version.txt", "2");
        remote.commitTo("main", "version.txt", "3");

        source.checkOut(remote.url(), new GitRef(first.name()), sha(first), checkout);

        assertThat(checkout.resolve("version.txt")).hasContent("1");
    }

    @Test
    void checkOutOfAnnotatedTagGivesTaggedCommit() throws Exception {
        RevCommit tagged = remote.commitTo("main", "version.txt", "1.0");
        remote.annotatedTag("v1.0", tagged);
        remote.commitTo("main", "version.txt", "1.1");
        CommitSha resolved = source.resolve(remote.url(), new GitRef("v1.0"));

        source.checkOut(remote.url(), new GitRef("v1.0"), resolved, checkout);

        assertThat(checkout.resolve("version.txt")).hasContent("1.0");
    }

    @Test
    void checkOutOverSmartHttpGivesResolvedCommit() throws Exception {
        remote.commitTo("main", "version.txt", "1");
        try (SmartHttpServer server = SmartHttpServer.servingTipsOnly(remote.bareDirectory())) {
            CommitSha resolved = source.resolve(server.url(), new GitRef("main"));

            source.checkOut(server.url(), new GitRef("main"), resolved, checkout);
        }

        assertThat(checkout.resolve("version.txt")).hasContent("1");
        assertThat(entries(workspace)).containsExactly("checkout");
    }

    @Test
    void checkOutWhenShaRejectedFallsBackToRef() throws Exception {
        RevCommit first = remote.commitTo("release/v2026.410.0", "version.txt", "1");
        remote.commitTo("release/v2026.410.0", "version.txt", "2");
        try (SmartHttpServer server = SmartHttpServer.servingTipsOnly(remote.bareDirectory())) {
            assertThatThrownBy(() -> fetchAtDepthOne(server.url(), first))
                    .as("the server rejects a fetch of a commit that is no ref tip")
                    .hasMessageContaining("not valid");

            source.checkOut(server.url(), new GitRef("release/v2026.410.0"), sha(first), checkout);
        }

        assertThat(checkout.resolve("version.txt")).hasContent("1");
        assertThat(entries(workspace)).containsExactly("checkout");
    }

    @Test
    void checkOutOfRejectedShaSearchesAllRefs() throws Exception {
        RevCommit first = remote.commitTo("#SIG-38-compose", "version.txt", "1");
        remote.commitTo("#SIG-38-compose", "version.txt", "2");
        remote.commitTo("main", "other.txt", "main");
        try (SmartHttpServer server = SmartHttpServer.servingTipsOnly(remote.bareDirectory())) {
            source.checkOut(server.url(), new GitRef(first.name()), sha(first), checkout);
        }

        assertThat(checkout.resolve("version.txt")).hasContent("1");
        assertThat(checkout.resolve("other.txt")).doesNotExist();
    }

    @Test
    void checkOutOfCommitNotOnRefLeavesNothing() throws Exception {
        remote.commitTo("main", "version.txt", "1");
        RevCommit elsewhere = remote.commitTo("feature", "version.txt", "feature");
        remote.commitTo("feature", "version.txt", "feature 2");
        try (SmartHttpServer server = SmartHttpServer.servingTipsOnly(remote.bareDirectory())) {
            assertThatThrownBy(() -> source.checkOut(server.url(), new GitRef("main"), sha(elsewhere), checkout))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessage("Commit '" + elsewhere.name() + "' is not reachable from ref 'main' in '"
                            + server.url() + "'. Check that the commit was pushed to that ref and was not removed"
                            + " by a force-push.");
        }

        assertThat(checkout).doesNotExist();
        assertThat(entries(workspace)).isEmpty();
    }

    @Test
    void checkOutOfMissingCommitLeavesNoDirectory() throws Exception {
        remote.commitTo("main", "version.txt", "1");
        CommitSha unknown = new CommitSha("0123456789abcdef0123456789abcdef01234567");
        Path nested = workspace.resolve("deployments/d-1/source");

        assertThatThrownBy(() -> source.checkOut(remote.url(), new GitRef("main"), unknown, nested))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Commit '" + unknown + "' is not reachable from ref 'main' in '" + remote.url()
                        + "'. Check that the commit was pushed to that ref and was not removed by a force-push.");
        assertThat(entries(workspace)).as("created parents and metadata are deleted").isEmpty();
    }

    @Test
    void checkOutOfMissingRepositoryLeavesNoDirectory() throws Exception {
        RepositoryUrl missing = RepositoryUrl.parse("file://" + temp.resolve("missing.git"));
        CommitSha commit = new CommitSha("0123456789abcdef0123456789abcdef01234567");

        assertThatThrownBy(() -> source.checkOut(missing, new GitRef("main"), commit, checkout))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Unable to fetch commit '" + commit + "' at ref 'main' from '" + missing
                        + "': repository not found. Check the URL and the credential.");
        assertThat(entries(workspace)).isEmpty();
    }

    @Test
    void checkOutRejectsTreeWithGitPath() throws Exception {
        ObjectId commit = remote.pushCommitWithFileInSub("main", ".git");

        assertThatThrownBy(() -> source.checkOut(remote.url(), new GitRef("main"), sha(commit), checkout))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Unable to check out commit '" + commit.name() + "' of '" + remote.url() + "': its tree"
                        + " contains the invalid path 'sub/.git'. Remove or rename that path in a new commit and"
                        + " deploy that commit.");
        assertThat(entries(workspace)).isEmpty();
    }

    @Test
    void checkOutWhenWriteFailsDeletesWrittenFiles() throws Exception {
        // ext4, xfs, tmpfs and overlayfs limit a file name to 255 bytes, so a.txt is written and sub/<long name> fails.
        ObjectId commit = remote.pushCommitWithFileInSub("main", "x".repeat(300));

        assertThatThrownBy(() -> source.checkOut(remote.url(), new GitRef("main"), sha(commit), checkout))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("Unable to write commit '" + commit.name() + "' of '" + remote.url()
                        + "' into '" + checkout + "': ")
                .hasMessageEndingWith(". Check the free disk space and the permissions of the work directory.");
        assertThat(entries(workspace)).isEmpty();
    }

    @Test
    void failedCheckOutKeepsExistingEmptyDirectory() throws Exception {
        remote.commitTo("main", "version.txt", "1");
        Files.createDirectory(checkout);
        CommitSha unknown = new CommitSha("0123456789abcdef0123456789abcdef01234567");

        assertThatThrownBy(() -> source.checkOut(remote.url(), new GitRef("main"), unknown, checkout))
                .isInstanceOf(StepFailedException.class);
        assertThat(checkout).isEmptyDirectory();
        assertThat(entries(workspace)).containsExactly("checkout");
    }

    @Test
    void checkOutRejectsNonEmptyDirectory() throws Exception {
        RevCommit commit = remote.commitTo("main", "version.txt", "1");
        Files.createDirectory(checkout);
        Files.writeString(checkout.resolve("keep.txt"), "mine");

        assertThatThrownBy(() -> source.checkOut(remote.url(), new GitRef("main"), sha(commit), checkout))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unable to check out into '" + checkout + "': the directory is not empty."
                        + " Pass a new or empty directory.");
        assertThat(entries(checkout)).containsExactly("keep.txt");
    }

    @Test
    void checkOutOfSshUrlWritesNothing() throws Exception {
        RepositoryUrl ssh = RepositoryUrl.parse("ssh://git@127.0.0.1:22/org/app.git");
        CommitSha commit = new CommitSha("0123456789abcdef0123456789abcdef01234567");

        assertThatThrownBy(() -> source.checkOut(ssh, new GitRef("main"), commit, checkout))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Unable to reach repository 'ssh://***@127.0.0.1:22/org/app.git': ssh:// and"
                        + " user@host:path URLs need an SSH deploy key credential with the server's pinned host key."
                        + " Store one and reference it from the application's source, or use an https:// URL.");
        assertThat(entries(workspace)).isEmpty();
    }

    private void fetchAtDepthOne(RepositoryUrl url, RevCommit commit) throws Exception {
        try (Git probe = Git.init().setBare(true).setDirectory(temp.resolve("probe.git").toFile()).call()) {
            probe.fetch()
                    .setRemote(url.value())
                    .setRefSpecs(new RefSpec(commit.name() + ":refs/probe"))
                    .setDepth(1)
                    .call();
        }
    }

    private static CommitSha sha(ObjectId commit) {
        return new CommitSha(commit.name());
    }

    private static List<String> entries(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.map(child -> child.getFileName().toString()).toList();
        }
    }
}
