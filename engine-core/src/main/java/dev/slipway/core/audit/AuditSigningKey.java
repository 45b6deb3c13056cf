package dev.slipway.core.audit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * The engine's key for signing checkpoints: an EC P-256 key pair, used for JWS with ES256. The private key never
 * leaves this object; {@link #publicJwk()} exports the public half for verifiers.
 */
public final class AuditSigningKey {

    private final ECKey key;

    private AuditSigningKey(ECKey key) {
        this.key = key;
    }

    /** Generates a new key pair that lives only in memory. */
    public static AuditSigningKey generate() {
        try {
            return new AuditSigningKey(new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString())
                    .generate());
        } catch (JOSEException e) {
            throw new AuditException("Unable to generate an EC P-256 signing key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the key pair from a JWK file, or generates one and writes it there, readable by the owner only, when the
     * file does not exist.
     */
    public static AuditSigningKey loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            AuditSigningKey created = generate();
            try {
                write(file, created.key.toJSONString());
                LoggerFactory.getLogger(AuditSigningKey.class).info("audit signing key [{}] created in [{}]",
                        created.key.getKeyID(), file.toAbsolutePath());
                return created;
            } catch (FileAlreadyExistsException e) {
                // Another engine created it first; read theirs below.
            } catch (IOException e) {
                throw new AuditException("Unable to write the audit signing key to '" + file + "': "
                        + e.getMessage() + ". Check that the directory exists and is writable.", e);
            }
        }
        try {
            ECKey read = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!read.isPrivate()) {
                throw new AuditException("Audit signing key file '" + file + "' contains only a public key."
                        + " Point the setting at the private JWK file.");
            }
            return new AuditSigningKey(read);
        } catch (IOException | ParseException e) {
            throw new AuditException("Unable to read the audit signing key from '" + file + "': " + e.getMessage()
                    + ". The file must hold an EC P-256 JWK.", e);
        }
    }

    /** Returns the public key as a JWK JSON object, for verifying checkpoints elsewhere. */
    public String publicJwk() {
        return key.toPublicJWK().toJSONString();
    }

    ECKey publicKey() {
        return key.toPublicJWK();
    }

    /** Signs a checkpoint and returns it in JWS compact serialization. */
    String sign(Checkpoint checkpoint) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("position", checkpoint.position());
        claims.put("globalIndex", checkpoint.globalIndex());
        claims.put("hash", checkpoint.hash());
        claims.put("signedAt", checkpoint.signedAt().toString());
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new Payload(claims));
        try {
            jws.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new AuditException("Unable to sign the checkpoint at chain position " + checkpoint.position()
                    + ": " + e.getMessage(), e);
        }
        return jws.serialize();
    }

    /**
     * Checks a checkpoint's signature with a public key and returns what it states, or null when the text is not a
     * JWS, is not ES256, or its signature does not match.
     */
    static Checkpoint verify(String compactJws, ECKey publicKey) {
        try {
            JWSObject jws = JWSObject.parse(compactJws);
            if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())
                    || !jws.verify(new ECDSAVerifier(publicKey))) {
                return null;
            }
            Map<String, Object> claims = jws.getPayload().toJSONObject();
            return new Checkpoint(((Number) claims.get("position")).longValue(),
                    ((Number) claims.get("globalIndex")).longValue(), (String) claims.get("hash"),
                    Instant.parse((String) claims.get("signedAt")));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return null;
        }
    }

    private static void write(Path file, String json) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // NOTE: on file systems without POSIX permissions the file keeps the directory's default access.
            Files.createFile(file);
        }
        Files.writeString(file, json, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
