package dev.slipway.web.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.slipway.core.access.Caller;
import dev.slipway.core.spec.InvalidInputException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Issues and verifies JWT access tokens with Nimbus JOSE+JWT. Issued tokens are signed with ES256 by a P-256 key,
 * which the server stores encrypted beside its users, so tokens stay valid across restarts and on every node.
 *
 * <p>A token is accepted only when it is a signed JWT no longer than the configured maximum, its header has
 * {@code typ: at+jwt} and the one algorithm pinned for its issuer, and carries none of {@code jku}, {@code x5u},
 * {@code jwk} and {@code x5c}: keys come only from this server's own key or the configured JWKS URL, never from
 * the token. The claims {@code exp}, {@code iat}, {@code iss}, {@code aud} and {@code sub} are required, the issuer
 * must be this server or the configured external provider, and the audience must contain this server's. A token
 * of this server also names a session, which must still be active.
 */
public final class AccessTokens {

    /** The {@code typ} header value of access tokens (RFC 9068). */
    public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");
    /** The claim that names the session of a locally issued token. */
    public static final String SESSION_CLAIM = "sid";

    private static final Set<String> REQUIRED_CLAIMS = Set.of("exp", "iat", "iss", "aud", "sub");

    private final SlipwaySecurityProperties properties;
    private final Clock clock;
    private final ECKey signingKey;
    private final ECDSASigner signer;
    private final Map<String, ConfigurableJWTProcessor<SecurityContext>> processors = new HashMap<>();
    private final Map<String, JWSAlgorithm> algorithms = new HashMap<>();
    private final Predicate<String> activeSession;

    /**
     * Creates the issuer and verifier.
     *
     * @param properties    issuer, audience, lifetimes, size limit and the external provider
     * @param clock         the clock that sets {@code iat} and {@code exp}
     * @param activeSession returns true when a session id names an active session
     */
    public AccessTokens(SlipwaySecurityProperties properties, Clock clock, Predicate<String> activeSession) {
        this(properties, clock, activeSession, newSigningKey());
    }

    /**
     * Creates the issuer and verifier with a stored signing key.
     *
     * @param properties    issuer, audience, lifetimes, size limit and the external provider
     * @param clock         the clock that sets {@code iat} and {@code exp}
     * @param activeSession returns true when a session id names an active session
     * @param signingKey    the P-256 private key that signs this server's tokens
     */
    public AccessTokens(SlipwaySecurityProperties properties, Clock clock, Predicate<String> activeSession,
                        ECKey signingKey) {
        this.properties = properties;
        this.clock = clock;
        this.activeSession = activeSession;
        this.signingKey = signingKey;
        try {
            this.signer = new ECDSASigner(signingKey);
        } catch (JOSEException e) {
            throw new IllegalStateException("Unable to use the ES256 signing key of access tokens", e);
        }
        register(properties.issuer(), JWSAlgorithm.ES256, new ImmutableJWKSet<>(new JWKSet(signingKey.toPublicJWK())));
        SlipwaySecurityProperties.External external = properties.external();
        if (external != null && external.enabled()) {
            JWKSource<SecurityContext> remote = JWKSourceBuilder.<SecurityContext>create(external.jwksUrl())
                    .retrying(false).build();
            register(external.issuer(), JWSAlgorithm.parse(external.algorithm()), remote);
        }
    }

    /** Creates a new P-256 key for signing access tokens with ES256. */
    static ECKey newSigningKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Unable to create the ES256 signing key of access tokens", e);
        }
    }

    /** Returns the public keys of the tokens this server issues, as a JSON Web Key Set. */
    public JWKSet publicKeys() {
        return new JWKSet(signingKey.toPublicJWK());
    }

    /** Issues an access token for a user's session. */
    public String issue(String userName, String sessionId) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .audience(properties.audience())
                .subject(userName)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(properties.accessTokenLifetime())))
                .jwtID(UUID.randomUUID().toString())
                .claim(SESSION_CLAIM, sessionId)
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(ACCESS_TOKEN_TYPE)
                .keyID(signingKey.getKeyID()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Unable to sign an access token", e);
        }
        return jwt.serialize();
    }

    /**
     * Verifies an access token and returns its caller.
     *
     * @throws InvalidTokenException when any rule of this class rejects it
     */
    public CallerAuthentication verify(String token) {
        if (token.length() > properties.maxTokenLength()) {
            throw InvalidTokenException.withRuleInResponse("access token longer than " + properties.maxTokenLength()
                    + " characters");
        }
        SignedJWT jwt = parseSigned(token);
        JWSHeader header = jwt.getHeader();
        if (header.getJWKURL() != null || header.getX509CertURL() != null || header.getJWK() != null
                || header.getX509CertChain() != null) {
            throw new InvalidTokenException("access token header names a key (jku, x5u, jwk or x5c); keys are"
                    + " never taken from a token");
        }
        String issuer = unverifiedIssuer(jwt);
        ConfigurableJWTProcessor<SecurityContext> processor = processors.get(issuer);
        if (processor == null) {
            throw new InvalidTokenException("access token issuer is not trusted");
        }
        if (!algorithms.get(issuer).equals(header.getAlgorithm())) {
            throw new InvalidTokenException("access token algorithm " + header.getAlgorithm()
                    + " is not the one accepted from its issuer, " + algorithms.get(issuer));
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidTokenException("access token rejected: " + e.getMessage(), e);
        }
        return authentication(issuer, claims);
    }

    private CallerAuthentication authentication(String issuer, JWTClaimsSet claims) {
        Caller caller;
        try {
            caller = Caller.user(claims.getSubject());
        } catch (InvalidInputException e) {
            throw new InvalidTokenException("access token subject is not a valid user name", e);
        }
        if (!issuer.equals(properties.issuer())) {
            return new CallerAuthentication(caller, null, null);
        }
        Object session = claims.getClaim(SESSION_CLAIM);
        if (!(session instanceof String sessionId) || !activeSession.test(sessionId)) {
            throw new InvalidTokenException("access token belongs to a session that has ended");
        }
        return new CallerAuthentication(caller, null, sessionId);
    }

    private void register(String issuer, JWSAlgorithm algorithm, JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCESS_TOKEN_TYPE));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(properties.audience(),
                new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED_CLAIMS));
        processors.put(issuer, processor);
        algorithms.put(issuer, algorithm);
    }

    private static SignedJWT parseSigned(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("access token is not a JWT", e);
        }
        if (jwt instanceof SignedJWT signed) {
            return signed;
        }
        throw new InvalidTokenException("access token is not signed (alg none or encrypted)");
    }

    private static String unverifiedIssuer(SignedJWT jwt) {
        try {
            String issuer = jwt.getJWTClaimsSet().getIssuer();
            if (issuer == null) {
                throw new InvalidTokenException("access token has no iss claim");
            }
            return issuer;
        } catch (ParseException e) {
            throw new InvalidTokenException("access token claims are not valid JSON", e);
        }
    }
}
