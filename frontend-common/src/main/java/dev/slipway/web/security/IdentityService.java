package dev.slipway.web.security;

import com.nimbusds.jose.jwk.ECKey;
import dev.slipway.core.access.Caller;
import dev.slipway.core.access.RequestContext;
import dev.slipway.core.access.TokenScope;
import dev.slipway.core.identity.ApiTokenIssuedEvent;
import dev.slipway.core.identity.ApiTokenRevokedEvent;
import dev.slipway.core.identity.IdentityStore;
import dev.slipway.core.identity.IdentityStore.StoredApiToken;
import dev.slipway.core.identity.IdentityStore.StoredSession;
import dev.slipway.core.identity.IdentityStore.StoredUser;
import dev.slipway.core.identity.LoginFailedEvent;
import dev.slipway.core.identity.LoginFailureReason;
import dev.slipway.core.identity.LoginSucceededEvent;
import dev.slipway.core.identity.SessionEndReason;
import dev.slipway.core.identity.SessionEndedEvent;
import dev.slipway.core.secret.SecretVault;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.PrintableText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Signs users in with a password and a TOTP code, and manages their sessions and API tokens in an
 * {@link IdentityStore}. Passwords are stored as BCrypt hashes, refresh and API tokens as SHA-256 hashes, and TOTP
 * secrets encrypted with the engine's master key. Every sign-in, failed sign-in, ended session, issued and revoked
 * API token is logged without secrets and sent to the audit log as an event.
 *
 * <p>A refresh token is used once: exchanging it returns a new one, and presenting an exchanged token again ends
 * the whole session, because then two parties hold tokens of it. A password change ends every session of the user.
 * With a store in the engine's database, users, sessions and API tokens survive a restart and are shared by the
 * engine nodes on that database.
 */
public final class IdentityService {

    /** The prefix that distinguishes API tokens from JWT access tokens. */
    public static final String API_TOKEN_PREFIX = "slw_";

    private static final Logger LOG = LoggerFactory.getLogger(IdentityService.class);
    private static final int MIN_PASSWORD_LENGTH = 12;
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final String GENERIC_FAILURE = "Invalid user name, password or TOTP code";
    private static final String INVALID_REFRESH = "Invalid refresh token. Sign in again";
    private static final String ACCESS_TOKEN_KEY = "access-token";
    private static final String ACCESS_TOKEN_KEY_CONTEXT = "slipway:signing-key:access-token";

    private final PasswordEncoder passwords;
    private final AccessTokenIssuer accessTokens;
    private final RateLimits rateLimits;
    private final Clock clock;
    private final Duration accessTokenLifetime;
    private final Duration refreshTokenLifetime;
    private final BiConsumer<Object, RequestContext> audit;
    private final IdentityStore store;
    private final SecretVault vault;
    private final SecureRandom random = new SecureRandom();
    private final String unknownUserHash;

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
     * @param store                stores users, sessions and API tokens
     * @param vault                encrypts TOTP secrets with the engine's master key
     */
    public IdentityService(PasswordEncoder passwords, AccessTokenIssuer accessTokens, RateLimits rateLimits,
                           Clock clock, SlipwaySecurityProperties lifetimes,
                           BiConsumer<Object, RequestContext> audit, IdentityStore store, SecretVault vault) {
        this.passwords = passwords;
        this.accessTokens = accessTokens;
        this.rateLimits = rateLimits;
        this.clock = clock;
        this.accessTokenLifetime = lifetimes.accessTokenLifetime();
        this.refreshTokenLifetime = lifetimes.refreshTokenLifetime();
        this.audit = audit;
        this.store = store;
        this.vault = vault;
        this.unknownUserHash = passwords.encode(randomText(16));
    }

    /**
     * Creates a user and returns the base32 TOTP secret to load into an authenticator app. The secret is shown
     * this one time.
     *
     * @throws InvalidInputException when the name is not a valid user name, is taken, or the password is too short
     */
    public String createUser(String userName, String password) {
        Caller.user(userName);
        checkPassword("password", password);
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        String ciphertext = vault.encryptWithMasterKey(secret, totpContext(userName));
        if (!store.addUser(new StoredUser(userName, passwords.encode(password), ciphertext, -1))) {
            throw new InvalidInputException("userName", "must not name an existing user", userName);
        }
        LOG.info("user [{}] created", userName);
        return Totp.base32(secret);
    }

    /** Returns whether a user of that name exists. */
    public boolean userExists(String userName) {
        return store.findUser(userName).isPresent();
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
            LOG.warn("login of user [{}] from [{}] rejected: too many attempts", PrintableText.of(name),
                    context.clientAddress());
            throw new RateLimitedException("Too many sign-in attempts for this account", wait);
        }
        StoredUser user = store.findUser(name).orElse(null);
        boolean passwordMatches = password != null
                && passwords.matches(password, user == null ? unknownUserHash : user.passwordHash());
        if (user == null || !passwordMatches) {
            throw failed(name, LoginFailureReason.INVALID_CREDENTIALS, context);
        }
        byte[] secret = vault.decryptWithMasterKey(user.totpSecretCiphertext(), totpContext(name));
        long step = Totp.DEFAULT.matchingStep(secret, totpCode, clock.instant().getEpochSecond());
        // The conditional update lets each code sign in once, even when two nodes receive it at the same moment.
        if (step < 0 || !store.useTotpStep(name, step)) {
            throw failed(name, LoginFailureReason.INVALID_TOTP_CODE, context);
        }
        String sessionId = newId();
        LOG.info("user [{}] signed in from [{}], session [{}]", name, context.clientAddress(), sessionId);
        audit.accept(new LoginSucceededEvent(name, sessionId), context);
        String refreshToken = newRefreshToken(sessionId);
        store.addSession(new StoredSession(sessionId, name, sha256(refreshToken),
                clock.instant().plus(refreshTokenLifetime), false));
        return tokens(name, sessionId, refreshToken);
    }

    /**
     * Exchanges a refresh token for new tokens of the same session.
     *
     * @throws LoginRejectedException when the token is unknown, expired, already used or its session ended
     */
    public SessionTokens refresh(String refreshToken, RequestContext context) {
        String sessionId = refreshToken == null ? null : sessionIdOf(refreshToken);
        String hash = refreshToken == null ? "" : sha256(refreshToken);
        StoredSession session = sessionId == null ? null : store.findSession(sessionId).orElse(null);
        if (session == null || session.ended()) {
            LOG.warn("refresh from [{}] rejected: unknown or ended session", context.clientAddress());
            throw new LoginRejectedException(LoginFailureReason.INVALID_CREDENTIALS, INVALID_REFRESH);
        }
        if (store.isRefreshTokenUsed(hash)) {
            end(session, SessionEndReason.REFRESH_TOKEN_REUSED, context);
            throw new LoginRejectedException(LoginFailureReason.INVALID_CREDENTIALS, INVALID_REFRESH);
        }
        if (!MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                session.refreshTokenHash().getBytes(StandardCharsets.US_ASCII))) {
            LOG.warn("refresh of session [{}] from [{}] rejected: unknown refresh token", sessionId,
                    context.clientAddress());
            throw new LoginRejectedException(LoginFailureReason.INVALID_CREDENTIALS, INVALID_REFRESH);
        }
        if (clock.instant().isAfter(session.expiresAt())) {
            end(session, SessionEndReason.EXPIRED, context);
            throw new LoginRejectedException(LoginFailureReason.INVALID_CREDENTIALS, INVALID_REFRESH);
        }
        String next = newRefreshToken(sessionId);
        if (!store.rotateRefreshToken(sessionId, hash, sha256(next))) {
            // Another request exchanged the same token first, so two parties hold it.
            end(session, SessionEndReason.REFRESH_TOKEN_REUSED, context);
            throw new LoginRejectedException(LoginFailureReason.INVALID_CREDENTIALS, INVALID_REFRESH);
        }
        return tokens(session.userName(), sessionId, next);
    }

    /** Ends one session of a user, such as at logout. Does nothing when the session has already ended. */
    public void endSession(String sessionId, SessionEndReason reason, RequestContext context) {
        store.findSession(sessionId).ifPresent(session -> end(session, reason, context));
    }

    /** Ends every active session of a user, such as when the user leaves a team, and returns how many ended. */
    public int endSessionsOf(String userName, SessionEndReason reason, RequestContext context) {
        int ended = 0;
        for (String sessionId : store.activeSessionIds(userName)) {
            StoredSession session = new StoredSession(sessionId, userName, "", Instant.EPOCH, false);
            if (end(session, reason, context)) {
                ended++;
            }
        }
        return ended;
    }

    /** Tells whether a session exists, has not ended and has not expired. */
    public boolean isSessionActive(String sessionId) {
        return store.findSession(sessionId)
                .filter(session -> !session.ended() && !clock.instant().isAfter(session.expiresAt()))
                .isPresent();
    }

    /**
     * Changes a user's password and ends every session of the user.
     *
     * @throws RateLimitedException when the account has no sign-in attempt left in this period; each password
     *                                change takes one, like a sign-in
     * @throws InvalidInputException when the current password does not match, or the new password is too short or
     *                               too long
     */
    public void changePassword(String userName, String currentPassword, String newPassword,
                               RequestContext context) {
        Duration wait = rateLimits.acquireForLogin(userName);
        if (wait != null) {
            LOG.warn("password change of user [{}] from [{}] rejected: too many attempts", PrintableText.of(userName),
                    context.clientAddress());
            throw new RateLimitedException("Too many password attempts for this account", wait);
        }
        StoredUser user = store.findUser(userName).orElse(null);
        if (user == null || currentPassword == null || !passwords.matches(currentPassword, user.passwordHash())) {
            failed(userName, LoginFailureReason.INVALID_CREDENTIALS, context);
            throw InvalidInputException.withoutValue("currentPassword", "must be the user's current password");
        }
        checkPassword("newPassword", newPassword);
        store.changePasswordHash(userName, passwords.encode(newPassword));
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
        store.addApiToken(new StoredApiToken(id, owner, sha256(token), scope, false));
        LOG.info("user [{}] created API token [{}] with scope [{}]", owner, id, scope);
        audit.accept(new ApiTokenIssuedEvent(id, owner, scope), context);
        return new IssuedApiToken(id, token, scope);
    }

    /**
     * Revokes an API token of a user.
     *
     * @throws InvalidInputException when the user has no active token with this id
     */
    /** Returns a user's API tokens that are not revoked, ordered by id, without their values. */
    public List<ApiTokenView> activeApiTokensOf(String owner) {
        return store.activeApiTokensOf(owner).stream()
                .map(token -> new ApiTokenView(token.tokenId(), token.scope()))
                .toList();
    }

    public void revokeApiToken(String owner, String tokenId, RequestContext context) {
        if (!store.revokeApiToken(tokenId, owner, clock.instant())) {
            throw new InvalidInputException("tokenId", "must name an active API token of the caller", tokenId);
        }
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
        StoredApiToken stored = store.findApiToken(id).orElse(null);
        if (stored == null || !MessageDigest.isEqual(sha256(token).getBytes(StandardCharsets.US_ASCII),
                stored.tokenHash().getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidTokenException("API token is unknown");
        }
        if (stored.revoked()) {
            throw new InvalidTokenException("API token [" + id + "] was revoked");
        }
        return new CallerAuthentication(new Caller(Caller.Kind.TOKEN, id), stored.scope(), null);
    }

    /**
     * Returns the key that signs access tokens: the stored one, or a new one that is stored encrypted with the
     * master key. When two nodes start at once, both use the key that was stored first.
     */
    ECKey accessTokenSigningKey() {
        Optional<String> stored = store.findSigningKey(ACCESS_TOKEN_KEY);
        if (stored.isEmpty()) {
            ECKey created = AccessTokens.newSigningKey();
            String ciphertext = vault.encryptWithMasterKey(created.toJSONString().getBytes(StandardCharsets.UTF_8),
                    ACCESS_TOKEN_KEY_CONTEXT);
            if (store.addSigningKey(ACCESS_TOKEN_KEY, ciphertext)) {
                LOG.info("access token signing key [{}] created and stored", created.getKeyID());
                return created;
            }
            stored = store.findSigningKey(ACCESS_TOKEN_KEY);
        }
        byte[] json = vault.decryptWithMasterKey(stored.orElseThrow(), ACCESS_TOKEN_KEY_CONTEXT);
        try {
            return ECKey.parse(new String(json, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IllegalStateException("Unable to read the stored access token signing key: it is not an EC JWK."
                    + " Delete it from slipway_signing_key to create a new one, which ends every session.", e);
        }
    }

    private SessionTokens tokens(String userName, String sessionId, String refreshToken) {
        String accessToken = accessTokens.issue(userName, sessionId);
        return new SessionTokens(accessToken, accessTokenLifetime.getSeconds(), refreshToken);
    }

    private String newRefreshToken(String sessionId) {
        return sessionId + "." + randomText(32);
    }

    /** Ends a session once, logs and audits it, and returns false when it had already ended. */
    private boolean end(StoredSession session, SessionEndReason reason, RequestContext context) {
        if (!store.endSession(session.sessionId(), clock.instant())) {
            return false;
        }
        if (reason == SessionEndReason.REFRESH_TOKEN_REUSED) {
            LOG.warn("session [{}] of user [{}] ended: an exchanged refresh token was presented again from [{}]",
                    session.sessionId(), session.userName(), context.clientAddress());
        } else {
            LOG.info("session [{}] of user [{}] ended: {}", session.sessionId(), session.userName(), reason);
        }
        audit.accept(new SessionEndedEvent(session.userName(), session.sessionId(), reason), context);
        return true;
    }

    private static String totpContext(String userName) {
        return "slipway:totp-secret:" + userName;
    }

    private LoginRejectedException failed(String userName, LoginFailureReason reason, RequestContext context) {
        LOG.warn("login of user [{}] from [{}] rejected: {}", PrintableText.of(userName), context.clientAddress(),
                reason);
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
}
