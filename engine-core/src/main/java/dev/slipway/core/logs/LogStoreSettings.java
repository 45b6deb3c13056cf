package dev.slipway.core.logs;

import dev.slipway.core.spec.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the file-based deployment log store.
 *
 * @param directory              the folder that contains one log file per deployment
 * @param maxBytesPerDeployment  the maximum size in bytes of one deployment's log file, counting each stored line
 *                               with its JSON fields and line terminator; at least {@link #MIN_MAX_BYTES}
 * @param retention              how long the log of an ended deployment is kept after its last line
 */
public record LogStoreSettings(Path directory, long maxBytesPerDeployment, Duration retention) {

    /** The default size limit of one deployment's log: 1 MiB. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
    /** The smallest accepted size limit: 1 KiB, room for the truncation marker and a short outcome line. */
    public static final long MIN_MAX_BYTES = 1024;
    /** The largest part of the size limit kept for the engine's own lines: 16 KiB. */
    public static final long MAX_ENGINE_RESERVE_BYTES = 16 * 1024;
    /** The default retention: 14 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(14);

    public LogStoreSettings {
        if (directory == null) {
            throw new InvalidInputException("directory", "must be set", null);
        }
        if (maxBytesPerDeployment < MIN_MAX_BYTES) {
            throw new InvalidInputException("maxBytesPerDeployment", "must be at least " + MIN_MAX_BYTES
                    + " bytes, so that the truncation marker and a short outcome line fit",
                    Long.toString(maxBytesPerDeployment));
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new InvalidInputException("retention", "must be a positive duration", String.valueOf(retention));
        }
    }

    /**
     * Returns the part of the size limit that build and container output may not use: 16 KiB, or half the limit when
     * that is less. It leaves room for the engine's lines, such as the truncation marker and the outcome.
     */
    public long engineReserveBytes() {
        return Math.min(MAX_ENGINE_RESERVE_BYTES, maxBytesPerDeployment / 2);
    }

    /** Returns the size in bytes up to which build and container output may fill a deployment's log file. */
    public long maxOutputBytes() {
        return maxBytesPerDeployment - engineReserveBytes();
    }

    /** Returns settings with a 1 MiB limit per deployment and 14 days of retention. */
    public static LogStoreSettings defaults(Path directory) {
        return new LogStoreSettings(directory, DEFAULT_MAX_BYTES, DEFAULT_RETENTION);
    }
}
