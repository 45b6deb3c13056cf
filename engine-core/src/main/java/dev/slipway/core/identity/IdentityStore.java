package dev.slipway.core.identity;

import dev.slipway.core.access.TokenScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of user accounts, sign-in sessions and API tokens. It keeps hashes and ciphertexts only: BCrypt password
 * hashes, SHA-256 hashes of refresh and API tokens, and TOTP secrets encrypted by the caller. Every change that two
 * engine nodes could make at once is a conditional update, so that exactly one of them succeeds.
 */
public interface IdentityStore {

    /** Stores a new user and returns false, storing nothing, when a user of that name exists. */
    boolean addUser(StoredUser user);

    /** Returns the user of that name, or empty. */
    Optional<StoredUser> findUser(String userName);

    /**
     * Records that a TOTP time step was used to sign in, and returns false when that step or a later one was used
     * before, so each code signs in once.
     */
    boolean useTotpStep(String userName, long step);

    /** Replaces a user's password hash and returns false when the user does not exist. */
    boolean changePasswordHash(String userName, String passwordHash);

    /** Stores a new session. */
    void addSession(StoredSession session);

    /** Returns the session with that id, ended or not, or empty. */
    Optional<StoredSession> findSession(String sessionId);

    /**
     * Replaces a session's refresh token hash when it still is {@code currentHash} and the session has not ended, and
     * records {@code currentHash} as used. Returns false, changing nothing, when another request exchanged it first.
     */
    boolean rotateRefreshToken(String sessionId, String currentHash, String newHash);

    /** Returns whether a refresh token with this hash was exchanged before. */
    boolean isRefreshTokenUsed(String refreshTokenHash);

    /** Ends a session and returns false when it had already ended or does not exist. */
    boolean endSession(String sessionId, Instant endedAt);

    /** Returns the ids of a user's sessions that have not ended. */
    List<String> activeSessionIds(String userName);

    /** Stores a new API token. */
    void addApiToken(StoredApiToken token);

    /** Returns the API token with that id, revoked or not, or empty. */
    Optional<StoredApiToken> findApiToken(String tokenId);

    /** Returns an owner's API tokens that are not revoked, ordered by id. */
    List<StoredApiToken> activeApiTokensOf(String owner);

    /** Revokes an owner's active API token and returns false when the owner has no active token with that id. */
    boolean revokeApiToken(String tokenId, String owner, Instant revokedAt);

    /** Returns the encrypted signing key stored under a name, or empty. */
    Optional<String> findSigningKey(String name);

    /** Stores an encrypted signing key and returns false, storing nothing, when a key of that name exists. */
    boolean addSigningKey(String name, String ciphertext);

    /**
     * A user account.
     *
     * @param userName              the user name
     * @param passwordHash          the BCrypt hash of the password
     * @param totpSecretCiphertext  the TOTP secret, encrypted with the engine's master key and encoded as base64
     * @param lastTotpStep          the last TOTP time step used to sign in, or -1
     */
    record StoredUser(String userName, String passwordHash, String totpSecretCiphertext, long lastTotpStep) {

        @Override
        public String toString() {
            return "StoredUser[userName=" + userName + "]";
        }
    }

    /**
     * A sign-in session.
     *
     * @param sessionId        the session id, which its access tokens name in the {@code sid} claim
     * @param userName         the user signed in
     * @param refreshTokenHash the SHA-256 hash of the refresh token that may be exchanged next
     * @param expiresAt        when the session ends at the latest
     * @param ended            whether the session has ended
     */
    record StoredSession(String sessionId, String userName, String refreshTokenHash, Instant expiresAt,
                         boolean ended) {

        @Override
        public String toString() {
            return "StoredSession[sessionId=" + sessionId + ", userName=" + userName + ", ended=" + ended + "]";
        }
    }

    /**
     * An API token.
     *
     * @param tokenId   the token's public id
     * @param owner     the user who created it
     * @param tokenHash the SHA-256 hash of the token
     * @param scope     what the token may do
     * @param revoked   whether the token was revoked
     */
    record StoredApiToken(String tokenId, String owner, String tokenHash, TokenScope scope, boolean revoked) {

        @Override
        public String toString() {
            return "StoredApiToken[tokenId=" + tokenId + ", owner=" + owner + ", scope=" + scope + "]";
        }
    }
}
