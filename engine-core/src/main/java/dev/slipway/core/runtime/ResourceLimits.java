package dev.slipway.core.runtime;

import dev.slipway.core.spec.InvalidInputException;

/**
 * Limits applied to a container.
 *
 * @param memoryBytes maximum memory, in bytes; swap is limited to the same value
 * @param nanoCpus    CPU quota in billionths of a CPU (1_000_000_000 is one CPU)
 * @param pids        maximum number of processes
 */
public record ResourceLimits(long memoryBytes, long nanoCpus, long pids) {

    /** Defaults for a small web application: 256 MiB, half a CPU, 256 processes. */
    public static final ResourceLimits DEFAULT = new ResourceLimits(256L * 1024 * 1024, 500_000_000L, 256);

    public ResourceLimits {
        if (memoryBytes < 6L * 1024 * 1024) {
            throw new InvalidInputException("memoryBytes", "must be at least 6 MiB, the smallest limit Docker accepts",
                    Long.toString(memoryBytes));
        }
        if (nanoCpus < 10_000_000L) {
            throw new InvalidInputException("nanoCpus", "must be at least 0.01 CPU (10000000)",
                    Long.toString(nanoCpus));
        }
        if (pids < 1) {
            throw new InvalidInputException("pids", "must be at least 1", Long.toString(pids));
        }
    }
}
