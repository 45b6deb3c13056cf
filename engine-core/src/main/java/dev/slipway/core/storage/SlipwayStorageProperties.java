package dev.slipway.core.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Storage settings of the deployment engine under Spring Boot, prefix {@code slipway.storage}.
 *
 * @param type              where events, tracking tokens and sagas are stored; default {@code embedded}
 * @param snapshotThreshold events after which an aggregate gets a new snapshot, so that loading it reads at most
 *                          this many events after the snapshot; 0 turns snapshots off; default 100
 */
@ConfigurationProperties("slipway.storage")
public record SlipwayStorageProperties(StorageType type, Integer snapshotThreshold) {

    /** The snapshot threshold when none is set. */
    public static final int DEFAULT_SNAPSHOT_THRESHOLD = 100;

    public SlipwayStorageProperties {
        type = type == null ? StorageType.EMBEDDED : type;
        snapshotThreshold = snapshotThreshold == null ? DEFAULT_SNAPSHOT_THRESHOLD : snapshotThreshold;
        if (snapshotThreshold < 0) {
            throw new IllegalArgumentException("Invalid slipway.storage.snapshot-threshold '" + snapshotThreshold
                    + "': it must be 0 (no snapshots) or a positive number of events.");
        }
    }
}
