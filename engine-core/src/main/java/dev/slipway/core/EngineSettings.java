package dev.slipway.core;

import dev.slipway.core.access.AccessSettings;
import dev.slipway.core.application.RecordReleaseCommand;
import dev.slipway.core.application.SetImageRetentionCommand;
import dev.slipway.core.deployment.StepTimeLimits;
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
 * @param keptImages          images of its latest releases that an application keeps for rollbacks unless it sets
 *                            its own number; from 1 to 100
 * @param access              which team gets resources created without one
 * @param stepTimeLimits      the time each deployment step may run; null for the defaults
 */
public record EngineSettings(Path workDirectory, int workerThreads, int workerQueueCapacity,
                             SourcePolicy sourcePolicy, int keptImages, AccessSettings access,
                             StepTimeLimits stepTimeLimits) {

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
        if (keptImages < 1 || keptImages > SetImageRetentionCommand.MAX_KEPT_IMAGES) {
            throw new InvalidInputException("keptImages", "must be from 1 to "
                    + SetImageRetentionCommand.MAX_KEPT_IMAGES, Integer.toString(keptImages));
        }
        access = access == null ? AccessSettings.PERSONAL_TEAMS : access;
        stepTimeLimits = stepTimeLimits == null ? StepTimeLimits.defaults() : stepTimeLimits;
    }

    /** Creates settings with the default step time limits. */
    public EngineSettings(Path workDirectory, int workerThreads, int workerQueueCapacity, SourcePolicy sourcePolicy,
                          int keptImages, AccessSettings access) {
        this(workDirectory, workerThreads, workerQueueCapacity, sourcePolicy, keptImages, access, null);
    }

    /** Creates settings in which each user's resources go to the user's personal team. */
    public EngineSettings(Path workDirectory, int workerThreads, int workerQueueCapacity, SourcePolicy sourcePolicy,
                          int keptImages) {
        this(workDirectory, workerThreads, workerQueueCapacity, sourcePolicy, keptImages, null, null);
    }

    /**
     * Creates settings that keep the images of the latest {@value RecordReleaseCommand#DEFAULT_KEPT_IMAGES} releases
     * of each application, with the default step time limits.
     */
    public EngineSettings(Path workDirectory, int workerThreads, int workerQueueCapacity, SourcePolicy sourcePolicy) {
        this(workDirectory, workerThreads, workerQueueCapacity, sourcePolicy, RecordReleaseCommand.DEFAULT_KEPT_IMAGES);
    }

    /**
     * Returns settings with 4 worker threads, room for 1000 waiting steps, the strict source policy and the default
     * step time limits.
     */
    public static EngineSettings defaults(Path workDirectory) {
        return new EngineSettings(workDirectory, 4, 1000, SourcePolicy.STRICT);
    }

    /** Returns a copy with another source policy. */
    public EngineSettings withSourcePolicy(SourcePolicy policy) {
        return new EngineSettings(workDirectory, workerThreads, workerQueueCapacity, policy, keptImages, access,
                stepTimeLimits);
    }

    /** Returns a copy that keeps the images of another number of latest releases per application by default. */
    public EngineSettings withKeptImages(int count) {
        return new EngineSettings(workDirectory, workerThreads, workerQueueCapacity, sourcePolicy, count, access,
                stepTimeLimits);
    }

    /** Returns a copy with other access settings. */
    public EngineSettings withAccess(AccessSettings settings) {
        return new EngineSettings(workDirectory, workerThreads, workerQueueCapacity, sourcePolicy, keptImages,
                settings, stepTimeLimits);
    }

    /** Returns a copy with other step time limits. */
    public EngineSettings withStepTimeLimits(StepTimeLimits limits) {
        return new EngineSettings(workDirectory, workerThreads, workerQueueCapacity, sourcePolicy, keptImages,
                access, limits);
    }
}
