package dev.slipway.git;

import dev.slipway.core.runtime.GitCredential;
import dev.slipway.core.runtime.StepFailedException;
import dev.slipway.core.spec.RepositoryUrl;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a JGit SSH session factory on Apache MINA sshd for one deploy key. The factory offers only that key, reads no
 * file of the engine user ({@code ~/.ssh/config}, {@code known_hosts}, identities) and accepts a server only when
 * it presents one of the host keys pinned for the repository's host and port.
 */
final class SshSessions {

    private static final Logger log = LoggerFactory.getLogger(SshSessions.class);

    private SshSessions() {
    }

    static SshdSessionFactory create(GitCredential.SshKey key, RepositoryUrl url, File home) {
        List<KeyPair> identities = identities(key, url);
        List<PublicKey> pinned = pinnedHostKeys(key, url);
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(home)
                .setSshDirectory(home)
                .setConfigStoreFactory((homeDirectory, configFile, localUser) -> null)
                .setDefaultKnownHostsFiles(sshDirectory -> List.of())
                .setDefaultIdentities(sshDirectory -> List.of())
                .setDefaultKeysProvider(sshDirectory -> identities)
                .setServerKeyDatabase((homeDirectory, sshDirectory) -> new PinnedHostKeys(url, pinned))
                .setPreferredAuthentications("publickey")
                .setConnectorFactory(null)
                .build(null);
    }

    private static List<KeyPair> identities(GitCredential.SshKey key, RepositoryUrl url) {
        byte[] text = key.privateKey().getBytes(StandardCharsets.UTF_8);
        try {
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("deploy key"),
                    new ByteArrayInputStream(text), FilePasswordProvider.EMPTY);
            List<KeyPair> identities = new ArrayList<>();
            if (loaded != null) {
                loaded.forEach(identities::add);
            }
            if (!identities.isEmpty()) {
                return Collections.unmodifiableList(identities);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The parser's message may quote the key's text, so it is left out of the error.
            log.warn("SSH deploy key for repository [{}] could not be read ({})", GitFailures.mask(url),
                    e.getClass().getSimpleName());
        }
        throw new StepFailedException("Unable to use the SSH deploy key for '" + GitFailures.mask(url) + "': it is"
                + " not a private key in OpenSSH or PEM format without a passphrase. Store the key again, as"
                + " written by 'ssh-keygen -t ed25519 -N \"\"'.");
    }

    private static List<PublicKey> pinnedHostKeys(GitCredential.SshKey key, RepositoryUrl url) {
        List<PublicKey> keys = new ArrayList<>();
        int lineNumber = 0;
        for (String line : key.knownHosts().lines().toList()) {
            lineNumber++;
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            try {
                KnownHostEntry known = KnownHostEntry.parseKnownHostEntry(entry);
                if (known != null && known.getKeyEntry() != null && known.isHostMatch(url.host(), url.port())) {
                    keys.add(known.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING));
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new StepFailedException("Unable to use the known hosts of the SSH credential for '"
                        + GitFailures.mask(url) + "': line " + lineNumber + " is not a known_hosts entry. Store the"
                        + " output of 'ssh-keyscan -p " + url.port() + " " + url.host() + "' after checking it.", e);
            }
        }
        if (keys.isEmpty()) {
            throw new StepFailedException("Unable to connect to '" + GitFailures.mask(url) + "': the known hosts of"
                    + " the SSH credential pin no key for host '" + url.host() + "' port " + url.port() + ". Add the"
                    + " server's host key, checked out of band, to the credential's known hosts.");
        }
        return List.copyOf(keys);
    }

    /** Accepts exactly the pinned host keys and never learns a new one. */
    private record PinnedHostKeys(RepositoryUrl url, List<PublicKey> pinned) implements ServerKeyDatabase {

        @Override
        public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress,
                                      Configuration config) {
            return pinned;
        }

        @Override
        public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
                              Configuration config, CredentialsProvider provider) {
            boolean accepted = pinned.stream().anyMatch(key -> KeyUtils.compareKeys(key, serverKey));
            if (!accepted) {
                log.warn("SSH host key [{}] of repository [{}] is not pinned in the credential's known hosts;"
                        + " connection rejected", KeyUtils.getFingerPrint(serverKey), GitFailures.mask(url));
            }
            return accepted;
        }
    }
}
