package dev.slipway.core.storage;

import dev.slipway.core.engine.ClusterSettings;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of an engine node that shares its PostgreSQL storage with other engine nodes, prefix
 * {@code slipway.cluster}.
 *
 * @param enabled      whether this process runs as one node of several; default false
 * @param nodeId       the node's name, unique in the cluster; default {@code node-} and 8 random hexadecimal digits
 * @param segments     segments of the deployment saga's processor that the nodes share out; default 4. It takes
 *                     effect when the saga's tokens are first created in the database
 * @param claimTimeout time after which a node that stopped renewing its claims counts as stopped; default 10 s
 */
@ConfigurationProperties("slipway.cluster")
public record SlipwayClusterProperties(Boolean enabled, String nodeId, Integer segments, Duration claimTimeout) {

    /** Segments of the deployment saga's processor when none are set. */
    public static final int DEFAULT_SEGMENTS = 4;

    /** Claim timeout when none is set. */
    public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofSeconds(10);

    public SlipwayClusterProperties {
        enabled = enabled != null && enabled;
        nodeId = nodeId == null || nodeId.isBlank()
                ? "node-" + UUID.randomUUID().toString().substring(0, 8) : nodeId;
        segments = segments == null ? DEFAULT_SEGMENTS : segments;
        claimTimeout = claimTimeout == null ? DEFAULT_CLAIM_TIMEOUT : claimTimeout;
    }

    /** Returns the validated settings; an invalid value raises an error that names the property. */
    public ClusterSettings settings() {
        return new ClusterSettings(nodeId, segments, claimTimeout);
    }
}
