package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.core.policy.OutboundAddressPolicy;
import dev.slipway.core.runtime.GitCredential;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.CommitSha;
import dev.slipway.core.spec.GitRef;
import dev.slipway.core.spec.RepositoryUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Credentials against real Git servers on loopback: smart HTTP with basic authentication, and SSH with public-key
 * authentication and a pinned host key.
 */
@ExtendWith(OutputCaptureExtension.class)
class JGitSourceRepositoryCredentialTest {

    private static final String TOKEN = "TEST_TOKEN_123_secret";

    @TempDir
    Path temp;

    private RemoteRepository remote;
    private RevCommit tip;
    private final JGitSourceRepository source = new JGitSourceRepository(
            JGitSourceRepository.Settings.DEFAULTS.withOutboundAddresses(OutboundAddressPolicy.allowing("127.0.0.1")));

    @BeforeEach
    void createRemote() throws Exception {
        remote = RemoteRepository.create(temp);
        tip = remote.commitTo("main", "app.txt", "hello");
    }

    @Test
    void httpsTokenResolvesAndChecksOut() throws Exception {
        try (SmartHttpServer server = SmartHttpServer.requiringLogin(remote.bareDirectory(), "oauth2", TOKEN)) {
            RepositoryUrl url = server.url("secure.git");
            GitCredential token = new GitCredential.HttpsToken("oauth2", TOKEN);

            CommitSha commit = source.resolve(url, new GitRef("main"), token);
            Path checkout = temp.resolve("checkout");
            source.checkOut(url, new GitRef("main"), commit, checkout, token);

            assertThat(commit.value()).isEqualTo(tip.name());
            assertThat(Files.readString(checkout.resolve("app.txt"))).isEqualTo("hello");
        }
    }

    @Test
    void wrongHttpsTokenFailsWithoutLeakingIt(CapturedOutput output) throws Exception {
        String wrongToken = "WRONG_TOKEN_456_secret";
        try (SmartHttpServer server = SmartHttpServer.requiringLogin(remote.bareDirectory(), "oauth2", TOKEN)) {
            RepositoryUrl url = server.url("secure.git");
            GitCredential wrong = new GitCredential.HttpsToken("oauth2", wrongToken);
            CommitSha commit = new CommitSha(tip.name());

            assertThatThrownBy(() -> source.resolve(url, new GitRef("main"), wrong))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessage("Unable to reach repository '" + url + "': authentication failed."
                            + " Check the URL and the credential.");
            assertThatThrownBy(() -> source.checkOut(url, new GitRef("main"), commit, temp.resolve("co"), wrong))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessageContaining("authentication failed")
                    .message()
                    .doesNotContain(wrongToken);
            assertThat(temp.resolve("co")).doesNotExist();
        }
        assertThat(output.getAll()).doesNotContain(wrongToken);
        assertThat(output.getAll()).doesNotContain(TOKEN);
    }

    @Test
    void missingHttpsTokenFailsAuthentication() throws Exception {
        try (SmartHttpServer server = SmartHttpServer.requiringLogin(remote.bareDirectory(), "oauth2", TOKEN)) {
            RepositoryUrl url = server.url("secure.git");

            assertThatThrownBy(() -> source.resolve(url, new GitRef("main")))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessageContaining("authentication failed");
        }
    }

    @Test
    void sshDeployKeyResolvesAndChecksOut() throws Exception {
        KeyPair deployKey = SshGitServer.newKeyPair();
        try (SshGitServer server = SshGitServer.authorizing(remote.bareDirectory(), deployKey.getPublic())) {
            GitCredential key = new GitCredential.SshKey(SshGitServer.openSshPrivateKey(deployKey),
                    server.knownHostsLine() + "\n");

            CommitSha commit = source.resolve(server.url(), new GitRef("main"), key);
            Path checkout = temp.resolve("checkout");
            source.checkOut(server.url(), new GitRef("main"), commit, checkout, key);

            assertThat(commit.value()).isEqualTo(tip.name());
            assertThat(Files.readString(checkout.resolve("app.txt"))).isEqualTo("hello");
        }
    }

    @Test
    void wrongSshKeyFailsWithoutLeakingIt(CapturedOutput output) throws Exception {
        KeyPair deployKey = SshGitServer.newKeyPair();
        String otherKey = SshGitServer.openSshPrivateKey(SshGitServer.newKeyPair());
        String keyBody = otherKey.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
        try (SshGitServer server = SshGitServer.authorizing(remote.bareDirectory(), deployKey.getPublic())) {
            GitCredential wrong = new GitCredential.SshKey(otherKey, server.knownHostsLine());

            assertThatThrownBy(() -> source.resolve(server.url(), new GitRef("main"), wrong))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessage("Unable to reach repository '" + GitFailures.mask(server.url()) + "': authentication"
                            + " failed. Check the URL and the credential.")
                    .message()
                    .doesNotContain(keyBody);
        }
        assertThat(output.getAll()).doesNotContain(keyBody);
    }

    @Test
    void unpinnedSshHostKeyIsRejected() throws Exception {
        KeyPair deployKey = SshGitServer.newKeyPair();
        try (SshGitServer server = SshGitServer.authorizing(remote.bareDirectory(), deployKey.getPublic());
             SshGitServer impostor = SshGitServer.authorizing(remote.bareDirectory(), deployKey.getPublic())) {
            String impostorKey = impostor.knownHostsLine().substring(impostor.knownHostsLine().indexOf(' '));
            String port = server.url().port() + "";
            GitCredential key = new GitCredential.SshKey(SshGitServer.openSshPrivateKey(deployKey),
                    "[127.0.0.1]:" + port + impostorKey);

            assertThatThrownBy(() -> source.resolve(server.url(), new GitRef("main"), key))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessage("Unable to reach repository 'ssh://***@127.0.0.1:" + port + "/org/app.git': the"
                            + " server's SSH host key is not pinned in the credential's known hosts. Check that the URL"
                            + " names the right server; add a host key to the credential only after checking it out"
                            + " of band.");
        }
    }

    @Test
    void knownHostsWithoutHostRejected() throws Exception {
        KeyPair deployKey = SshGitServer.newKeyPair();
        try (SshGitServer server = SshGitServer.authorizing(remote.bareDirectory(), deployKey.getPublic())) {
            String otherHost = server.knownHostsLine().replaceFirst("^\\[127\\.0\\.0\\.1]:\\d+", "git.example.test");
            GitCredential key = new GitCredential.SshKey(SshGitServer.openSshPrivateKey(deployKey), otherHost);

            assertThatThrownBy(() -> source.resolve(server.url(), new GitRef("main"), key))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessageContaining("the known hosts of the SSH credential pin no key for host '127.0.0.1'"
                            + " port " + server.url().port());
        }
    }

    @Test
    void credentialOfOtherTransportIsRejected() throws Exception {
        KeyPair deployKey = SshGitServer.newKeyPair();
        GitCredential sshKey = new GitCredential.SshKey(SshGitServer.openSshPrivateKey(deployKey),
                "[127.0.0.1]:22 ecdsa-sha2-nistp256 AAAA");
        RepositoryUrl https = RepositoryUrl.parse("https://127.0.0.1/org/app.git");
        RepositoryUrl ssh = RepositoryUrl.parse("ssh://git@127.0.0.1/org/app.git");

        assertThatThrownBy(() -> source.resolve(https, new GitRef("main"), sshKey))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("Unable to use the credential for repository 'https://127.0.0.1/org/app.git': an SSH"
                        + " deploy key works only with an ssh:// or user@host:path URL. Reference a credential that"
                        + " fits the URL.");
        assertThatThrownBy(() -> source.resolve(ssh, new GitRef("main"), new GitCredential.HttpsToken("u", TOKEN)))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("need an SSH deploy key credential");
    }

    @Test
    void invalidPrivateKeyFailsWithoutQuotingIt() {
        String notAKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWJ1dC1icm9rZW4=\n"
                + "-----END OPENSSH PRIVATE KEY-----\n";
        GitCredential key = new GitCredential.SshKey(notAKey, "[127.0.0.1]:22 ecdsa-sha2-nistp256 AAAA");
        RepositoryUrl ssh = RepositoryUrl.parse("ssh://git@127.0.0.1/org/app.git");

        assertThatThrownBy(() -> source.resolve(ssh, new GitRef("main"), key))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("it is not a private key in OpenSSH or PEM format without a passphrase")
                .message()
                .doesNotContain("c2VjcmV0LWJ1dC1icm9rZW4=");
    }

    @Test
    void credentialTextHidesSecrets() {
        assertThat(new GitCredential.HttpsToken("oauth2", TOKEN).toString()).doesNotContain(TOKEN);
        assertThat(new GitCredential.SshKey("PRIVATE-KEY-TEXT", "host key").toString())
                .doesNotContain("PRIVATE-KEY-TEXT");
    }
}
