package dev.slipway.git;

import dev.slipway.core.runtime.GitCredential;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.RepositoryUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;

/**
 * The connection settings of one Git operation to one repository: the outbound-address checks, and the credential if
 * there is one.
 * An HTTPS token is sent through a JGit credentials provider. An SSH deploy key gets its own Apache MINA sshd session
 * factory that uses only that key and its pinned host keys, never the engine user's {@code ~/.ssh}. Closing the
 * connection releases the SSH factory.
 */
final class GitConnection implements AutoCloseable {

    private final RepositoryUrl url;
    private final GitCredential credential;
    private final OutboundGuard guard;
    private final SshdSessionFactory sshSessions;
    private final Path sshHome;

    private GitConnection(RepositoryUrl url, GitCredential credential, OutboundGuard guard,
                          SshdSessionFactory sshSessions, Path sshHome) {
        this.url = url;
        this.credential = credential;
        this.guard = guard;
        this.sshSessions = sshSessions;
        this.sshHome = sshHome;
    }

    /**
     * Opens a connection description for {@code url}.
     *
     * @throws StepFailedException when the credential does not fit the URL's transport, an SSH URL has no deploy key,
     *                             or the deploy key or host keys cannot be read
     */
    static GitConnection open(RepositoryUrl url, GitCredential credential, OutboundGuard guard) {
        boolean ssh = url.transport() == RepositoryUrl.Transport.SSH;
        if (ssh && !(credential instanceof GitCredential.SshKey)) {
            throw GitFailures.sshNeedsDeployKey(url);
        }
        if (!ssh && credential instanceof GitCredential.SshKey) {
            throw GitFailures.credentialMismatch(url, "an SSH deploy key", "an ssh:// or user@host:path URL");
        }
        if (!ssh) {
            return new GitConnection(url, credential, guard, null, null);
        }
        Path home;
        try {
            home = Files.createTempDirectory("slipway-ssh");
        } catch (IOException e) {
            throw new StepFailedException("Unable to prepare the SSH connection to '" + GitFailures.mask(url)
                    + "': " + e.getMessage() + ". Check the temporary folder's free space and permissions.", e);
        }
        SshdSessionFactory sessions = SshSessions.create((GitCredential.SshKey) credential, url, home.toFile());
        return new GitConnection(url, credential, guard, sessions, home);
    }

    /** Returns the callback that configures each JGit transport of the operation. */
    TransportConfigCallback callback() {
        TransportConfigCallback outbound = guard.atConnect(url);
        return transport -> {
            outbound.configure(transport);
            if (credential instanceof GitCredential.HttpsToken token) {
                transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(token.username(),
                        token.token()));
            }
            if (transport instanceof SshTransport sshTransport) {
                sshTransport.setSshSessionFactory(sshSessions);
            }
        };
    }

    @Override
    public void close() {
        if (sshSessions != null) {
            sshSessions.close();
            CheckoutDirectory.deleteTree(sshHome);
        }
    }
}
