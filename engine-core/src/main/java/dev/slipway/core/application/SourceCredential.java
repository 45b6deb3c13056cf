package dev.slipway.core.application;

import dev.slipway.core.secret.EncryptedSecret;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.RepositoryUrl;

/**
 * The stored credential of an application's Git repository: an HTTPS token or an SSH deploy key, encrypted with the
 * application's data key like any secret, so events and snapshots hold only its ciphertext.
 *
 * @param kind       whether the secret is an HTTPS token or an SSH private key
 * @param username   the HTTPS user name sent with the token; null for an SSH key, whose user comes from the URL
 * @param secret     the token or the private key, encrypted under the name {@value #SECRET_NAME}
 * @param knownHosts for an SSH key, the server's host keys in {@code known_hosts} format, which are public; null for
 *                   a token
 */
public record SourceCredential(Kind kind, String username, EncryptedSecret secret, String knownHosts) {

    /**
     * The name the secret is encrypted under. It contains a {@code -}, which no environment variable name has, so it
     * never collides with one of the application's secrets.
     */
    public static final String SECRET_NAME = "git-credential";

    /** The kinds of Git credential. */
    public enum Kind { HTTPS_TOKEN, SSH_KEY }

    public SourceCredential {
        if (kind == null) {
            throw new InvalidInputException("kind", "must be HTTPS_TOKEN or SSH_KEY", null);
        }
        if (secret == null) {
            throw InvalidInputException.withoutValue("secret", "must not be empty");
        }
        if (kind == Kind.HTTPS_TOKEN && (username == null || username.isBlank())) {
            throw new InvalidInputException("username", "must not be empty for an HTTPS token", null);
        }
        if (kind == Kind.SSH_KEY && (knownHosts == null || knownHosts.isBlank())) {
            throw new InvalidInputException("knownHosts", "must list the server's host key for an SSH key, because"
                    + " host keys are checked strictly; use the checked output of ssh-keyscan", null);
        }
    }

    /**
     * Rejects this credential for a repository it cannot authenticate to: a token needs an https:// or http:// URL,
     * and an SSH key an ssh:// or scp-like URL.
     *
     * @throws InvalidInputException when the kind does not fit the URL's transport
     */
    public void requireFits(RepositoryUrl url) {
        boolean ssh = url.transport() == RepositoryUrl.Transport.SSH;
        if (kind == Kind.SSH_KEY && !ssh) {
            throw new InvalidInputException("kind", "an SSH key needs an ssh:// or user@host:path repository URL",
                    kind.name());
        }
        if (kind == Kind.HTTPS_TOKEN && url.transport() != RepositoryUrl.Transport.HTTPS
                && url.transport() != RepositoryUrl.Transport.HTTP) {
            throw new InvalidInputException("kind", "an HTTPS token needs an https:// or http:// repository URL",
                    kind.name());
        }
    }

    @Override
    public String toString() {
        return "SourceCredential[kind=" + kind + ", username=" + username + ", secret=" + secret + "]";
    }
}
