package dev.slipway.core.engine;

import dev.slipway.core.spec.InvalidInputException;
import java.time.Duration;

/**
 * Settings of an engine that runs as one of several nodes on one shared event store.
 *
 * @param nodeId       the name of this node in event metadata, logs and the node table; unique in the cluster
 * @param segments     segments of the deployment saga's processor, which the nodes share out; each deployment runs
 *                     in one segment
 * @param claimTimeout time after which a node that stopped renewing its claims counts as stopped, so that another
 *                     node takes over its segments and ends its running deployments
 */
public record ClusterSettings(String nodeId, int segments, Duration claimTimeout) {

    public ClusterSettings {
        if (nodeId == null || nodeId.isBlank() || nodeId.length() > 255) {
            throw new InvalidInputException("slipway.cluster.node-id", "must be 1 to 255 characters", nodeId);
        }
        if (segments < 1 || segments > 256) {
            throw new InvalidInputException("slipway.cluster.segments", "must be from 1 to 256",
                    Integer.toString(segments));
        }
        if (claimTimeout == null || claimTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidInputException("slipway.cluster.claim-timeout", "must be at least 1 s",
                    String.valueOf(claimTimeout));
        }
    }

    /** Returns how often a node renews its heartbeat and tries to claim free segments: a fifth of the timeout. */
    public Duration heartbeatInterval() {
        return claimTimeout.dividedBy(5);
    }
}
