package dev.slipway.core.logs;

import dev.slipway.core.spec.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the file-based deployment log store.
 *
 * @param directory              the folder that contains one log file per deployment
 * @param maxBytesPerDeployment  the maximum UTF-8 size of the text of one deployment's stored lines
 * @param retention              how long the log of an ended deployment is kept after its last line
 */
public record LogStoreSettings(Path directory, long maxBytesPerDeployment, Duration retention) {

    /** The default size limit of one deployment's log: 1 MiB. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
    /** The default retention: 14 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(14);

    public LogStoreSettings {
        if (directory == null) {
            throw new InvalidInputException("directory", "must be set", null);
        }
        if (maxBytesPerDeployment < 1) {
            throw new InvalidInputException("maxBytesPerDeployment", "must be at least 1",
                    Long.toString(maxBytesPerDeployment));
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new InvalidInputException("retention", "must be a positive duration", String.valueOf(retention));
        }
    }

    /** Returns settings with a 1 MiB limit per deployment and 14 days of retention. */
    public static LogStoreSettings defaults(Path directory) {
        return new LogStoreSettings(directory, DEFAULT_MAX_BYTES, DEFAULT_RETENTION);
    }
}
