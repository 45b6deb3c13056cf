package dev.slipway.core.audit;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the audit chain under Spring Boot, prefix {@code slipway.audit}. The chain runs when the application
 * has a data source with Axon's JPA or JDBC event store.
 *
 * @param enabled            whether the hash chain is kept; default true
 * @param failClosed         whether events are chained inside the transaction that stores them, so that a command
 *                           fails when its events cannot be chained. Default false: a follower chains them in
 *                           batches right after they commit and retries those that cannot be chained yet.
 * @param checkpointInterval chain entries between two signed checkpoints; default 1000
 * @param signingKeyFile     the JWK file of the EC P-256 key that signs checkpoints, created when missing; default
 *                           {@code slipway-audit/signing-key.jwk} beside the work directory
 */
@ConfigurationProperties("slipway.audit")
public record AuditProperties(Boolean enabled, boolean failClosed, Integer checkpointInterval, Path signingKeyFile) {

    public AuditProperties {
        enabled = enabled == null || enabled;
        checkpointInterval = checkpointInterval == null ? AuditChain.DEFAULT_CHECKPOINT_INTERVAL : checkpointInterval;
    }
}
