package dev.slipway.core.secret;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.application.SourceCredential;
import dev.slipway.core.runtime.GitCredential;
import dev.slipway.core.runtime.StepFailedException;

/**
 * Converts between a {@link GitCredential} in memory and the {@link SourceCredential} that events store, encrypting
 * the token or private key with the application's data key. Decrypting registers the value with the vault's
 * redactor, so it is masked in every log line and failure reason afterwards.
 */
public final class GitCredentials {

    private GitCredentials() {
    }

    /** Encrypts a credential for storage with the application's source. */
    public static SourceCredential encrypt(SecretVault vault, ApplicationId applicationId, GitCredential credential) {
        if (credential instanceof GitCredential.SshKey key) {
            return new SourceCredential(SourceCredential.Kind.SSH_KEY, null,
                    vault.encrypt(applicationId, SourceCredential.SECRET_NAME, key.privateKey()), key.knownHosts());
        }
        GitCredential.HttpsToken token = (GitCredential.HttpsToken) credential;
        return new SourceCredential(SourceCredential.Kind.HTTPS_TOKEN, token.username(),
                vault.encrypt(applicationId, SourceCredential.SECRET_NAME, token.token()), null);
    }

    /**
     * Decrypts a stored credential for one Git step; returns null when {@code stored} is null.
     *
     * @throws StepFailedException when there is no vault or the credential cannot be decrypted; the message never
     *                             contains the secret
     */
    public static GitCredential decrypt(SecretVault vault, ApplicationId applicationId, SourceCredential stored) {
        if (stored == null) {
            return null;
        }
        if (vault == null) {
            throw new StepFailedException("Unable to use the repository credential: this engine runs without a"
                    + " master key. Configure a master key and deploy again.");
        }
        String secret;
        try {
            secret = vault.decrypt(applicationId, SourceCredential.SECRET_NAME, stored.secret());
        } catch (SecretException e) {
            throw new StepFailedException(e.getMessage() + " The secret is the repository credential; store it"
                    + " again.");
        }
        return switch (stored.kind()) {
            case HTTPS_TOKEN -> new GitCredential.HttpsToken(stored.username(), secret);
            case SSH_KEY -> new GitCredential.SshKey(secret, stored.knownHosts());
        };
    }
}
