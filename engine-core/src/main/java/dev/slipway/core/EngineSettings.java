package dev.slipway.core;

import dev.slipway.core.access.AccessSettings;
import dev.slipway.core.spec.InvalidInputException;
import dev.slipway.core.spec.SourcePolicy;
import java.nio.file.Path;

/**
 * Settings of a deployment engine.
 *
 * @param workDirectory       where deployments check out their sources; each deployment gets its own folder, removed
 *                            after its build
 * @param workerThreads       threads that run slow steps (clone, build, start, health checks)
 * @param workerQueueCapacity steps that may wait for a worker thread before new steps are rejected
 * @param sourcePolicy        which Git transports applications may use
 * @param access              which team gets resources created without one
 */
public record EngineSettings(Path workDirectory, int workerThreads, int workerQueueCapacity,
                             SourcePolicy sourcePolicy, AccessSettings access) {

    public EngineSettings {
        if (workDirectory == null) {
            throw new InvalidInputException("workDirectory", "must be set", null);
        }
        if (workerThreads < 1 || workerThreads > 256) {
            throw new InvalidInputException("workerThreads", "must be from 1 to 256", Integer.toString(workerThreads));
        }
        if (workerQueueCapacity < 1) {
            throw new InvalidInputException("workerQueueCapacity", "must be at least 1",
                    Integer.toString(workerQueueCapacity));
        }
        sourcePolicy = sourcePolicy == null ? SourcePolicy.STRICT : sourcePolicy;
        access = access == null ? AccessSettings.PERSONAL_TEAMS : access;
    }

    /** Returns settings in which each user's resources go to the user's personal team. */
    public EngineSettings(Path workDirectory, int workerThreads, int workerQueueCapacity,
                          SourcePolicy sourcePolicy) {
        this(workDirectory, workerThreads, workerQueueCapacity, sourcePolicy, null);
    }

    /**
     * Returns settings with 4 worker threads, room for 1000 waiting steps, the strict source policy and personal
     * teams.
     */
    public static EngineSettings defaults(Path workDirectory) {
        return new EngineSettings(workDirectory, 4, 1000, SourcePolicy.STRICT);
    }

    /** Returns a copy with another source policy. */
    public EngineSettings withSourcePolicy(SourcePolicy policy) {
        return new EngineSettings(workDirectory, workerThreads, workerQueueCapacity, policy, access);
    }

    /** Returns a copy with other access settings. */
    public EngineSettings withAccess(AccessSettings settings) {
        return new EngineSettings(workDirectory, workerThreads, workerQueueCapacity, sourcePolicy, settings);
    }
}
