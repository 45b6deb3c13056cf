package dev.slipway.core.readmodel;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Converts event timestamps to the precision event stores keep, so live and replayed read models are equal. */
public final class StoredTime {

    private StoredTime() {
    }

    /**
     * Truncates an event timestamp to milliseconds. Axon's JPA and JDBC event stores keep timestamps to the
     * millisecond, while a live event carries the clock's full precision.
     */
    public static Instant of(Instant eventTimestamp) {
        return eventTimestamp.truncatedTo(ChronoUnit.MILLIS);
    }
}
