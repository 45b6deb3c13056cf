package dev.slipway.git;

import dev.slipway.core.spec.RepositoryUrl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * An SSH Git server on loopback (Apache MINA sshd) that serves one bare repository at {@code /org/app.git} with
 * JGit's {@link UploadPack}. It accepts only public-key authentication with the one key it was started with.
 */
final class SshGitServer implements AutoCloseable {

    private final SshServer server;
    private final Repository repository;
    private final KeyPair hostKey;

    private SshGitServer(Path bareDirectory, PublicKey authorizedKey) throws IOException, GeneralSecurityException {
        this.repository = new FileRepositoryBuilder().setGitDir(bareDirectory.toFile()).build();
        this.hostKey = newKeyPair();
        this.server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, authorizedKey));
        server.setCommandFactory((channel, command) -> new UploadPackCommand(repository, command));
        server.start();
    }

    static SshGitServer authorizing(Path bareDirectory, PublicKey authorizedKey) throws Exception {
        return new SshGitServer(bareDirectory, authorizedKey);
    }

    /** Returns a new ECDSA P-256 key pair, a key type that needs no provider beyond the JDK. */
    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** Returns the private key in OpenSSH format, as {@code ssh-keygen} writes it. */
    static String openSshPrivateKey(KeyPair keyPair) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, "deploy", null, text);
        return text.toString(StandardCharsets.US_ASCII);
    }

    RepositoryUrl url() {
        return RepositoryUrl.parse("ssh://git@127.0.0.1:" + server.getPort() + "/org/app.git");
    }

    /** Returns the known_hosts line that pins this server's host key. */
    String knownHostsLine() {
        return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
        repository.close();
    }

    /** Runs {@code git-upload-pack '<path>'} for the served repository and rejects every other command. */
    private static final class UploadPackCommand implements Command {

        private final Repository repository;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        UploadPackCommand(Repository repository, String command) {
            this.repository = repository;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment environment) {
            Thread worker = new Thread(this::serve, "ssh-upload-pack");
            worker.setDaemon(true);
            worker.start();
        }

        private void serve() {
            if (!command.matches("git-upload-pack '?/?org/app\\.git'?")) {
                exit.onExit(1, "unknown command");
                return;
            }
            try {
                new UploadPack(repository).upload(in, out, err);
                out.flush();
                exit.onExit(0);
            } catch (IOException e) {
                exit.onExit(1, e.getMessage());
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            // The worker ends when the client closes the channel.
        }
    }
}
