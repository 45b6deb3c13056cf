package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.policy.OutboundAddressPolicy;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JGitSourceRepositoryResolveTest {

    @TempDir
    Path temp;

    private RemoteRepository remote;
    private final JGitSourceRepository source = new JGitSourceRepository(
            JGitSourceRepository.Settings.DEFAULTS.withOutboundAddresses(OutboundAddressPolicy.allowing("127.0.0.1")));

    @BeforeEach
    void createRemote() throws Exception {
        remote = RemoteRepository.create(temp);
    }

    @AfterEach
    void closeRemote() {
        remote.close();
    }

    @Test
    void resolveBranchGivesItsTip() throws Exception {
        remote.commitTo("main", "app.txt", "one");
        RevCommit tip = remote.commitTo("main", "app.txt", "two");

        assertThat(source.resolve(remote.url(), new GitRef("main"))).isEqualTo(sha(tip));
    }

    @Test
    void resolveLightweightTagGivesTaggedCommit() throws Exception {
        RevCommit tagged = remote.commitTo("main", "app.txt", "one");
        remote.lightweightTag("v1.0.0", tagged);
        remote.commitTo("main", "app.txt", "two");

        assertThat(source.resolve(remote.url(), new GitRef("v1.0.0"))).isEqualTo(sha(tagged));
    }

    @Test
    void resolveAnnotatedTagGivesCommitNotTag() throws Exception {
        RevCommit tagged = remote.commitTo("main", "app.txt", "one");
        ObjectId tagObject = remote.annotatedTag("v2.0.0", tagged);
        remote.commitTo("main", "app.txt", "two");

        CommitSha resolved = source.resolve(remote.url(), new GitRef("v2.0.0"));

        assertThat(resolved).isEqualTo(sha(tagged));
        assertThat(resolved.value()).isNotEqualTo(tagObject.name());
    }

    @Test
    void resolveFullRefNameMatchesExactly() throws Exception {
        RevCommit onBranch = remote.commitTo("main", "app.txt", "branch");
        RevCommit tagged = remote.commitTo("feature", "app.txt", "tagged");
        remote.annotatedTag("v3", tagged);

        assertThat(source.resolve(remote.url(), new GitRef("refs/heads/main"))).isEqualTo(sha(onBranch));
        assertThat(source.resolve(remote.url(), new GitRef("refs/tags/v3"))).isEqualTo(sha(tagged));
        assertThat(source.resolve(remote.url(), new GitRef("refs/heads/feature"))).isEqualTo(sha(tagged));
    }

    @Test
    void resolveCommitShaReturnsItUnchanged() throws Exception {
        RevCommit older = remote.commitTo("main", "app.txt", "one");
        remote.commitTo("main", "app.txt", "two");

        assertThat(source.resolve(remote.url(), new GitRef(older.name()))).isEqualTo(sha(older));
    }

    @Test
    void resolveBranchNamesWithHashAndDots() throws Exception {
        RevCommit compose = remote.commitTo("#SIG-38-compose", "compose.txt", "compose");
        RevCommit release = remote.commitTo("release/v2026.410.0", "release.txt", "release");

        assertThat(source.resolve(remote.url(), new GitRef("#SIG-38-compose"))).isEqualTo(sha(compose));
        assertThat(source.resolve(remote.url(), new GitRef("release/v2026.410.0"))).isEqualTo(sha(release));
    }

    @Test
    void resolveMasterIgnoresBranchesThatEndWithMaster() throws Exception {
        RevCommit master = remote.commitTo("master", "app.txt", "A");
        RevCommit changeset = remote.commitTo("changeset-release/master", "app.txt", "B");

        assertThat(source.resolve(remote.url(), new GitRef("master"))).isEqualTo(sha(master));
        assertThat(source.resolve(remote.url(), new GitRef("changeset-release/master"))).isEqualTo(sha(changeset));
    }

    @Test
    void resolveNeverMatchesPartOfAName() throws Exception {
        remote.commitTo("master", "app.txt", "A");
        remote.commitTo("release/v1", "app.txt", "B");

        for (String partial : new String[] {"heads/master", "aster", "mast", "release", "v1", "refs/heads/mast"}) {
            assertThatThrownBy(() -> source.resolve(remote.url(), new GitRef(partial)))
                    .as("ref '%s'", partial)
                    .isInstanceOf(StepFailedException.class)
                    .hasMessage("Ref '" + partial + "' not found in '" + remote.url()
                            + "'. Check the branch or tag name.");
        }
    }

    @Test
    void resolveBranchAndTagNameIsAmbiguous() throws Exception {
        RevCommit branch = remote.commitTo("stable", "app.txt", "branch");
        RevCommit tagged = remote.commitTo("main", "app.txt", "tag");
        remote.lightweightTag("stable", tagged);

        assertThatThrownBy(() -> source.resolve(remote.url(), new GitRef("stable")))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Ref 'stable' is ambiguous in '" + remote.url() + "': it names both a branch and a tag."
                        + " Use 'refs/heads/stable' or 'refs/tags/stable' instead.");
        assertThat(source.resolve(remote.url(), new GitRef("refs/heads/stable"))).isEqualTo(sha(branch));
        assertThat(source.resolve(remote.url(), new GitRef("refs/tags/stable"))).isEqualTo(sha(tagged));
    }

    @Test
    void resolveMissingRefNamesRefAndRepository() throws Exception {
        remote.commitTo("main", "app.txt", "one");

        assertThatThrownBy(() -> source.resolve(remote.url(), new GitRef("develop")))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Ref 'develop' not found in '" + remote.url() + "'. Check the branch or tag name.");
    }

    @Test
    void resolveMissingFolderReportsNotFound() {
        RepositoryUrl missing = RepositoryUrl.parse("file://" + temp.resolve("missing.git"));

        assertThatThrownBy(() -> source.resolve(missing, new GitRef("main")))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Unable to reach repository '" + missing + "': repository not found."
                        + " Check the URL and the credential.");
    }

    @Test
    void resolveEmptyRepositoryAsksForPush() {
        assertThatThrownBy(() -> source.resolve(remote.url(), new GitRef("main")))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Repository '" + remote.url() + "' is empty: it has no branches or tags."
                        + " Push a commit to it first.");
    }

    @Test
    void resolveSilentServerTimesOut() throws Exception {
        JGitSourceRepository impatient = new JGitSourceRepository(new JGitSourceRepository.Settings(1,
                OutboundAddressPolicy.allowing("127.0.0.1")));
        // The kernel completes the TCP handshake into the backlog, but the test never accepts or responds.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RepositoryUrl url = RepositoryUrl.parse("http://127.0.0.1:" + silent.getLocalPort() + "/org/app.git");

            assertThatThrownBy(() -> impatient.resolve(url, new GitRef("main")))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessage("Unable to reach repository '" + url + "': timed out after 1 second."
                            + " Check that the Git server is reachable, or raise slipway.git.network-timeout.");
        }
    }

    @Test
    void resolveUnknownHttpRepositoryReportsNotFound() throws Exception {
        remote.commitTo("main", "app.txt", "one");
        try (SmartHttpServer server = SmartHttpServer.servingTipsOnly(remote.bareDirectory())) {
            RepositoryUrl unknown = server.url("org/unknown.git");

            assertThatThrownBy(() -> source.resolve(unknown, new GitRef("main")))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessage("Unable to reach repository '" + unknown + "': repository not found."
                            + " Check the URL and the credential.");
        }
    }

    @Test
    void resolveWhenLoginRequiredReportsAuthenticationFailed() throws Exception {
        remote.commitTo("main", "app.txt", "one");
        try (SmartHttpServer server = SmartHttpServer.servingTipsOnly(remote.bareDirectory())) {
            RepositoryUrl guarded = server.url("private.git");

            assertThatThrownBy(() -> source.resolve(guarded, new GitRef("main")))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessage("Unable to reach repository '" + guarded + "': authentication failed."
                            + " Check the URL and the credential.");
        }
    }

    @Test
    void resolveOverSmartHttpGivesCommits() throws Exception {
        RevCommit tagged = remote.commitTo("main", "app.txt", "one");
        remote.annotatedTag("v1.0.0", tagged);
        RevCommit tip = remote.commitTo("release/v2026.410.0", "app.txt", "two");
        try (SmartHttpServer server = SmartHttpServer.servingTipsOnly(remote.bareDirectory())) {
            assertThat(source.resolve(server.url(), new GitRef("release/v2026.410.0"))).isEqualTo(sha(tip));
            assertThat(source.resolve(server.url(), new GitRef("v1.0.0"))).isEqualTo(sha(tagged));
        }
    }

    @Test
    void resolveClosedPortReportsConnectionRefused() throws Exception {
        RepositoryUrl url = RepositoryUrl.parse("http://127.0.0.1:" + closedPort() + "/org/app.git");

        assertThatThrownBy(() -> source.resolve(url, new GitRef("main")))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Unable to reach repository '" + url + "': connection refused by '127.0.0.1'."
                        + " Check the host and port in the URL and that the Git server is running.");
    }

    @Test
    void resolveSshUrlRejectedWithMaskedUser() throws Exception {
        int port = closedPort();
        RepositoryUrl url = RepositoryUrl.parse("ssh://deploy-user-7@127.0.0.1:" + port + "/org/app.git");
        RepositoryUrl scpLike = RepositoryUrl.parse("deploy-user-7@127.0.0.1:org/app.git");

        assertThatThrownBy(() -> source.resolve(url, new GitRef("main")))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Unable to reach repository 'ssh://***@127.0.0.1:" + port + "/org/app.git': ssh:// and"
                        + " user@host:path URLs need an SSH deploy key credential with the server's pinned host key."
                        + " Store one and reference it from the application's source, or use an https:// URL.");
        assertThatThrownBy(() -> source.resolve(scpLike, new GitRef("main")))
                .isInstanceOf(StepFailedException.class)
                .hasMessageStartingWith("Unable to reach repository '***@127.0.0.1:org/app.git': ")
                .message()
                .doesNotContain("deploy-user-7");
    }

    private static CommitSha sha(ObjectId commit) {
        return new CommitSha(commit.name());
    }

    /** Returns a loopback port that nothing listens on, found by binding and closing a socket. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
