package dev.slipway.core.runtime;

import java.util.List;

/**
 * A credential for a Git repository, decrypted just before a Git step and kept in memory only. Its
 * {@code toString()} never shows a secret.
 */
public sealed interface GitCredential permits GitCredential.HttpsToken, GitCredential.SshKey {

    /** Returns the values that must never appear in a log line, an error or an API response. */
    List<String> secretValues();

    /**
     * An HTTPS user name and token (or password), sent with HTTP basic authentication when the server requests it.
     *
     * @param username the user name; hosted Git servers accept a fixed name such as {@code oauth2} or
     *                 {@code x-access-token} with a token
     * @param token    the token or password
     */
    record HttpsToken(String username, String token) implements GitCredential {

        public HttpsToken {
            if (username == null || username.isEmpty()) {
                throw new IllegalArgumentException("username must not be empty");
            }
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException("token must not be empty");
            }
        }

        @Override
        public List<String> secretValues() {
            return List.of(token);
        }

        @Override
        public String toString() {
            return "HttpsToken[username=" + username + ", token=********]";
        }
    }

    /**
     * An SSH deploy key and the host keys the server may present. Connections check the server's key strictly
     * against {@code knownHosts}: a host that is not listed, or that shows another key, is rejected.
     *
     * @param privateKey the private key in OpenSSH or PEM format, without a passphrase
     * @param knownHosts the server's host keys in {@code known_hosts} format, one per line, such as
     *                   {@code [git.example.test]:2222 ssh-ed25519 AAAA...}
     */
    record SshKey(String privateKey, String knownHosts) implements GitCredential {

        public SshKey {
            if (privateKey == null || privateKey.isBlank()) {
                throw new IllegalArgumentException("privateKey must not be empty");
            }
            if (knownHosts == null || knownHosts.isBlank()) {
                throw new IllegalArgumentException("knownHosts must list the server's host key, because host keys"
                        + " are checked strictly");
            }
        }

        @Override
        public List<String> secretValues() {
            return List.of(privateKey.strip());
        }

        @Override
        public String toString() {
            return "SshKey[privateKey=********, knownHosts=" + knownHosts.lines().count() + " lines]";
        }
    }
}
