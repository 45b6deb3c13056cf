package dev.slipway.core.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps users, sessions and API tokens in memory, for engines without a data source. Everything it stores is lost
 * when the process stops.
 */
public final class InMemoryIdentityStore implements IdentityStore {

    private final Map<String, StoredUser> users = new HashMap<>();
    private final Map<String, StoredSession> sessions = new HashMap<>();
    private final Set<String> usedRefreshTokens = new HashSet<>();
    private final Map<String, StoredApiToken> apiTokens = new HashMap<>();
    private final Map<String, String> signingKeys = new HashMap<>();

    @Override
    public synchronized boolean addUser(StoredUser user) {
        return users.putIfAbsent(user.userName(), user) == null;
    }

    @Override
    public synchronized Optional<StoredUser> findUser(String userName) {
        return Optional.ofNullable(users.get(userName));
    }

    @Override
    public synchronized boolean useTotpStep(String userName, long step) {
        StoredUser user = users.get(userName);
        if (user == null || step <= user.lastTotpStep()) {
            return false;
        }
        users.put(userName, new StoredUser(userName, user.passwordHash(), user.totpSecretCiphertext(), step));
        return true;
    }

    @Override
    public synchronized boolean changePasswordHash(String userName, String passwordHash) {
        StoredUser user = users.get(userName);
        if (user == null) {
            return false;
        }
        users.put(userName, new StoredUser(userName, passwordHash, user.totpSecretCiphertext(), user.lastTotpStep()));
        return true;
    }

    @Override
    public synchronized void addSession(StoredSession session) {
        sessions.put(session.sessionId(), session);
    }

    @Override
    public synchronized Optional<StoredSession> findSession(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    @Override
    public synchronized boolean rotateRefreshToken(String sessionId, String currentHash, String newHash) {
        StoredSession session = sessions.get(sessionId);
        if (session == null || session.ended() || !MessageDigest.isEqual(
                session.refreshTokenHash().getBytes(StandardCharsets.US_ASCII),
                currentHash.getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        sessions.put(sessionId, new StoredSession(sessionId, session.userName(), newHash, session.expiresAt(), false));
        usedRefreshTokens.add(currentHash);
        return true;
    }

    @Override
    public synchronized boolean isRefreshTokenUsed(String refreshTokenHash) {
        return usedRefreshTokens.contains(refreshTokenHash);
    }

    @Override
    public synchronized boolean endSession(String sessionId, Instant endedAt) {
        StoredSession session = sessions.get(sessionId);
        if (session == null || session.ended()) {
            return false;
        }
        sessions.put(sessionId, new StoredSession(sessionId, session.userName(), session.refreshTokenHash(),
                session.expiresAt(), true));
        return true;
    }

    @Override
    public synchronized List<String> activeSessionIds(String userName) {
        return sessions.values().stream()
                .filter(session -> session.userName().equals(userName) && !session.ended())
                .map(StoredSession::sessionId)
                .sorted()
                .toList();
    }

    @Override
    public synchronized void addApiToken(StoredApiToken token) {
        apiTokens.put(token.tokenId(), token);
    }

    @Override
    public synchronized Optional<StoredApiToken> findApiToken(String tokenId) {
        return Optional.ofNullable(apiTokens.get(tokenId));
    }

    @Override
    public synchronized List<StoredApiToken> activeApiTokensOf(String owner) {
        return apiTokens.values().stream()
                .filter(token -> token.owner().equals(owner) && !token.revoked())
                .sorted(Comparator.comparing(StoredApiToken::tokenId))
                .toList();
    }

    @Override
    public synchronized boolean revokeApiToken(String tokenId, String owner, Instant revokedAt) {
        StoredApiToken token = apiTokens.get(tokenId);
        if (token == null || token.revoked() || !token.owner().equals(owner)) {
            return false;
        }
        apiTokens.put(tokenId, new StoredApiToken(tokenId, owner, token.tokenHash(), token.scope(), true));
        return true;
    }

    @Override
    public synchronized Optional<String> findSigningKey(String name) {
        return Optional.ofNullable(signingKeys.get(name));
    }

    @Override
    public synchronized boolean addSigningKey(String name, String ciphertext) {
        return signingKeys.putIfAbsent(name, ciphertext) == null;
    }
}
