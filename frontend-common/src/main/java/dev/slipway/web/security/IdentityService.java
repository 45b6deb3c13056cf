package dev.slipway.web.security;

import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.TokenScope;
import dev.slipway.core.identity.ApiTokenIssuedEvent;
import dev.slipway.core.identity.ApiTokenRevokedEvent;
import dev.slipway.core.identity.LoginFailedEvent;
import dev.slipway.core.identity.LoginFailureReason;
import dev.slipway.core.identity.LoginSucceededEvent;
import dev.slipway.core.identity.SessionEndReason;
import dev.slipway.core.identity.SessionEndedEvent;
import dev.slipway.core.spec.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Keeps users, sessions and API tokens, and signs users in with a password and a TOTP code. Passwords are stored
 * as BCrypt hashes, refresh and API tokens as SHA-256 hashes. Every sign-in, failed sign-in, ended session, issued
 * and revoked API token is logged without secrets and sent to the audit log as an event.
 *
 * <p>A refresh token is used once: exchanging it returns a new one, and presenting an exchanged token again ends
 * the whole session, because then two parties hold tokens of it. A password change ends every session of the user.
 *
 * <p>NOTE: users, sessions and API tokens are kept in memory only, so they are lost when the server stops; the
 * audit events remain. TOTP secrets are held in plain form in memory because checking a code needs them.
 */
public final class IdentityService {

    /** The prefix that distinguishes API tokens from JWT access tokens. */
    public static final String API_TOKEN_PREFIX = "slw_";

    private static final Logger LOG = LoggerFactory.getLogger(IdentityService.class);
    private static final int MIN_PASSWORD_LENGTH = 12;
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final String GENERIC_FAILURE = "Invalid user name, password or TOTP code";
    private static final String INVALID_REFRESH = "Invalid refresh token. Sign in again";

    private final PasswordEncoder passwords;
    private final AccessTokenIssuer accessTokens;
    private final RateLimits rateLimits;
    private final Clock clock;
    private final Duration accessTokenLifetime;
    private final Duration refreshTokenLifetime;
    private final BiConsumer<Object, RequestContext> audit;
    private final SecureRandom random = new SecureRandom();
    private final String unknownUserHash;

    private final Map<String, User> users = new HashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, ApiToken> apiTokens = new HashMap<>();

    /** Issuer of the access tokens of a session, such as {@link AccessTokens#issue}. */
    @FunctionalInterface
    public interface AccessTokenIssuer {
        /** Returns a signed access token for a user's session. */
        String issue(String userName, String sessionId);
    }

    /**
     * Creates the service.
     *
     * @param passwords            hashes and checks passwords
     * @param accessTokens         issues access tokens
     * @param rateLimits           limits sign-in attempts per account
     * @param clock                the clock of TOTP codes and session lifetimes
     * @param lifetimes            how long access tokens and sessions last
     * @param audit                records an event with the context of the request that caused it
     */
    public IdentityService(PasswordEncoder passwords, AccessTokenIssuer accessTokens, RateLimits rateLimits,
                           Clock clock, SlipwaySecurityProperties lifetimes,
                           BiConsumer<Object, RequestContext> audit) {
        this.passwords = passwords;
        this.accessTokens = accessTokens;
        this.rateLimits = rateLimits;
        this.clock = clock;
        this.accessTokenLifetime = lifetimes.accessTokenLifetime();
        this.refreshTokenLifetime = lifetimes.refreshTokenLifetime();
        this.audit = audit;
        this.unknownUserHash = passwords.encode(randomText(16));
    }

    /**
     * Creates a user and returns the base32 TOTP secret to load into an authenticator app. The secret is shown
     * this one time.
     *
     * @throws InvalidInputException when the name is not a valid user name, is taken, or the password is too short
     */
    public synchronized String createUser(String userName, String password) {
        Caller.user(userName);
        checkPassword("password", password);
        if (users.containsKey(userName)) {
            throw new InvalidInputException("userName", "must not name an existing user", userName);
        }
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        users.put(userName, new User(passwords.encode(password), secret));
        LOG.info("user [{}] created", userName);
        return Totp.base32(secret);
    }

    /**
     * Signs a user in and starts a session.
     *
     * @throws RateLimitedException when the account has no sign-in attempt left in this period
     * @throws LoginRejectedException when the user, password or TOTP code does not match
     */
    public SessionTokens login(String userName, String password, String totpCode, RequestContext context) {
        String name = userName == null ? "" : userName;
        Duration wait = rateLimits.acquireForLogin(name);
        if (wait != null) {
            LOG.warn("login of user [{}] from [{}] rejected: too many attempts", name, context.clientAddress());
            throw new RateLimitedException("Too many sign-in attempts for this account", wait);
        }
        String sessionId;
        synchronized (this) {
            User user = users.get(name);
            boolean passwordMatches = password != null
                    && passwords.matches(password, user == null ? unknownUserHash : user.passwordHash);
            if (user == null || !passwordMatches) {
                throw failed(name, LoginFailureReason.INVALID_CREDENTIALS, context);
            }
            long step = Totp.DEFAULT.matchingStep(user.totpSecret, totpCode, clock.instant().getEpochSecond());
            if (step < 0 || step <= user.lastTotpStep) {
                throw failed(name, LoginFailureReason.INVALID_TOTP_CODE, context);
            }
            user.lastTotpStep = step;
            sessionId = newId();
        }
        LOG.info("user [{}] signed in from [{}], session [{}]", name, context.clientAddress(), sessionId);
        audit.accept(new LoginSucceededEvent(name, sessionId), context);
        return startSession(name, sessionId);
    }

    /**
     * Exchanges a refresh token for new tokens of the same session.
     *
     * @throws LoginRejectedException when the token is unknown, expired, already used or its session ended
     */
    public SessionTokens refresh(String refreshToken, RequestContext context) {
        String sessionId = refreshToken == null ? null : sessionIdOf(refreshToken);
        String hash = refreshToken == null ? "" : sha256(refreshToken);
        Session session;
        synchronized (this) {
            session = sessionId == null ? null : sessions.get(sessionId);
            if (session == null || session.ended) {
                LOG.warn("refresh from [{}] rejected: unknown or ended session", context.clientAddress());
                throw new LoginRejectedException(LoginFailureReason.INVALID_CREDENTIALS, INVALID_REFRESH);
            }
            if (session.usedHashes.contains(hash)) {
                end(session, sessionId, SessionEndReason.REFRESH_TOKEN_REUSED, context);
                throw new LoginRejectedException(LoginFailureReason.INVALID_CREDENTIALS, INVALID_REFRESH);
            }
            if (!MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                    session.currentHash.getBytes(StandardCharsets.US_ASCII))) {
                LOG.warn("refresh of session [{}] from [{}] rejected: unknown refresh token", sessionId,
                        context.clientAddress());
                throw new LoginRejectedException(LoginFailureReason.INVALID_CREDENTIALS, INVALID_REFRESH);
            }
            if (clock.instant().isAfter(session.expiresAt)) {
                end(session, sessionId, SessionEndReason.EXPIRED, context);
                throw new LoginRejectedException(LoginFailureReason.INVALID_CREDENTIALS, INVALID_REFRESH);
            }
            session.usedHashes.add(hash);
        }
        return rotate(session.userName, sessionId, session);
    }

    /** Ends one session of a user, such as at logout. Does nothing when the session has already ended. */
    public synchronized void endSession(String sessionId, SessionEndReason reason, RequestContext context) {
        Session session = sessions.get(sessionId);
        if (session != null && !session.ended) {
            end(session, sessionId, reason, context);
        }
    }

    /** Ends every active session of a user, such as when the user leaves a team, and returns how many ended. */
    public synchronized int endSessionsOf(String userName, SessionEndReason reason, RequestContext context) {
        int ended = 0;
        for (Map.Entry<String, Session> entry : sessions.entrySet()) {
            Session session = entry.getValue();
            if (session.userName.equals(userName) && !session.ended) {
                end(session, entry.getKey(), reason, context);
                ended++;
            }
        }
        return ended;
    }

    /** Tells whether a session exists, has not ended and has not expired. */
    public synchronized boolean isSessionActive(String sessionId) {
        Session session = sessions.get(sessionId);
        return session != null && !session.ended && !clock.instant().isAfter(session.expiresAt);
    }

    /**
     * Changes a user's password and ends every session of the user.
     *
     * @throws LoginRejectedException when the current password does not match
     * @throws InvalidInputException when the new password is too short or too long
     */
    public synchronized void changePassword(String userName, String currentPassword, String newPassword,
                                            RequestContext context) {
        User user = users.get(userName);
        if (user == null || currentPassword == null || !passwords.matches(currentPassword, user.passwordHash)) {
            throw failed(userName, LoginFailureReason.INVALID_CREDENTIALS, context);
        }
        checkPassword("newPassword", newPassword);
        user.passwordHash = passwords.encode(newPassword);
        LOG.info("user [{}] changed the password", userName);
        endSessionsOf(userName, SessionEndReason.PASSWORD_CHANGED, context);
    }

    /** Creates an API token of a user with a scope and returns it, the one time its value is shown. */
    public IssuedApiToken issueApiToken(String owner, TokenScope scope, RequestContext context) {
        if (scope == null) {
            throw new InvalidInputException("scope", "must be one of read, deploy, admin", null);
        }
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String token = API_TOKEN_PREFIX + id + "_" + randomText(32);
        synchronized (this) {
            apiTokens.put(id, new ApiToken(owner, sha256(token), scope));
        }
        LOG.info("user [{}] created API token [{}] with scope [{}]", owner, id, scope);
        audit.accept(new ApiTokenIssuedEvent(id, owner, scope), context);
        return new IssuedApiToken(id, token, scope);
    }

    /**
     * Revokes an API token of a user.
     *
     * @throws InvalidInputException when the user has no active token with this id
     */
    public synchronized void revokeApiToken(String owner, String tokenId, RequestContext context) {
        ApiToken token = apiTokens.get(tokenId);
        if (token == null || !token.owner.equals(owner) || token.revoked) {
            throw new InvalidInputException("tokenId", "must name an active API token of the caller", tokenId);
        }
        token.revoked = true;
        LOG.info("user [{}] revoked API token [{}]", owner, tokenId);
        audit.accept(new ApiTokenRevokedEvent(tokenId, owner), context);
    }

    /**
     * Returns the caller of an API token.
     *
     * @throws InvalidTokenException when the token is unknown, does not match or was revoked
     */
    public CallerAuthentication authenticateApiToken(String token) {
        String rest = token.startsWith(API_TOKEN_PREFIX) ? token.substring(API_TOKEN_PREFIX.length()) : "";
        int separator = rest.indexOf('_');
        String id = separator < 0 ? "" : rest.substring(0, separator);
        ApiToken stored;
        synchronized (this) {
            stored = apiTokens.get(id);
        }
        if (stored == null || !MessageDigest.isEqual(sha256(token).getBytes(StandardCharsets.US_ASCII),
                stored.hash.getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidTokenException("API token is unknown");
        }
        if (stored.revoked) {
            throw new InvalidTokenException("API token [" + id + "] was revoked");
        }
        return new CallerAuthentication(new Caller(Caller.Kind.TOKEN, id), stored.scope, null);
    }

    private SessionTokens startSession(String userName, String sessionId) {
        Session session = new Session(userName, clock.instant().plus(refreshTokenLifetime));
        synchronized (this) {
            sessions.put(sessionId, session);
        }
        return rotate(userName, sessionId, session);
    }

    private SessionTokens rotate(String userName, String sessionId, Session session) {
        String refreshToken = sessionId + "." + randomText(32);
        synchronized (this) {
            session.currentHash = sha256(refreshToken);
        }
        String accessToken = accessTokens.issue(userName, sessionId);
        return new SessionTokens(accessToken, accessTokenLifetime.getSeconds(), refreshToken);
    }

    private void end(Session session, String sessionId, SessionEndReason reason, RequestContext context) {
        session.ended = true;
        if (reason == SessionEndReason.REFRESH_TOKEN_REUSED) {
            LOG.warn("session [{}] of user [{}] ended: an exchanged refresh token was presented again from [{}]",
                    sessionId, session.userName, context.clientAddress());
        } else {
            LOG.info("session [{}] of user [{}] ended: {}", sessionId, session.userName, reason);
        }
        audit.accept(new SessionEndedEvent(session.userName, sessionId, reason), context);
    }

    private LoginRejectedException failed(String userName, LoginFailureReason reason, RequestContext context) {
        LOG.warn("login of user [{}] from [{}] rejected: {}", userName, context.clientAddress(), reason);
        audit.accept(new LoginFailedEvent(userName, reason), context);
        return new LoginRejectedException(reason, GENERIC_FAILURE);
    }

    private static void checkPassword(String field, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidInputException(field, "must be " + MIN_PASSWORD_LENGTH + " characters to "
                    + MAX_PASSWORD_BYTES + " bytes long", null);
        }
    }

    private static String sessionIdOf(String refreshToken) {
        int dot = refreshToken.indexOf('.');
        return dot < 0 ? null : refreshToken.substring(0, dot);
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private String randomText(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static final class User {
        private String passwordHash;
        private final byte[] totpSecret;
        private long lastTotpStep = -1;

        User(String passwordHash, byte[] totpSecret) {
            this.passwordHash = passwordHash;
            this.totpSecret = totpSecret;
        }
    }

    private static final class Session {
        private final String userName;
        private final Instant expiresAt;
        private final Set<String> usedHashes = new HashSet<>();
        private String currentHash = "";
        private boolean ended;

        Session(String userName, Instant expiresAt) {
            this.userName = userName;
            this.expiresAt = expiresAt;
        }
    }

    private static final class ApiToken {
        private final String owner;
        private final String hash;
        private final TokenScope scope;
        private boolean revoked;

        ApiToken(String owner, String hash, TokenScope scope) {
            this.owner = owner;
            this.hash = hash;
            this.scope = scope;
        }
    }
}
