package dev.slipway.core.autoconfigure;

import dev.slipway.core.access.Role;
import dev.slipway.core.deployment.DeploymentStep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the deployment engine under Spring Boot, prefix {@code slipway}.
 *
 * @param workDirectory where deployments check out their sources; default {@code ${java.io.tmpdir}/slipway-work}
 * @param workers       the pool that runs slow deployment steps
 * @param source        which Git transports applications may use
 * @param access        which team gets resources created without one
 * @param stepTimeLimits the time each deployment step may run, by step, such as
 *                      {@code slipway.step-time-limits.build-image=10m}; a step left out keeps its default (2m to
 *                      resolve the commit, 10m to check out, 30m to build, 2m to start, 10m for the health check, 2m
 *                      to stop the previous container)
 */
@ConfigurationProperties("slipway")
public record SlipwayProperties(Path workDirectory, Workers workers, Source source, Access access,
                                Map<DeploymentStep, Duration> stepTimeLimits) {

    public SlipwayProperties {
        workDirectory = workDirectory == null ? Path.of(System.getProperty("java.io.tmpdir"), "slipway-work")
                : workDirectory;
        workers = workers == null ? new Workers(4, 1000) : workers;
        source = source == null ? new Source(false, false) : source;
        access = access == null ? new Access(null, null) : access;
        stepTimeLimits = stepTimeLimits == null ? Map.of() : stepTimeLimits;
    }

    /**
     * The worker pool.
     *
     * @param threads       threads that run slow steps such as clones, builds and health checks; default 4
     * @param queueCapacity steps that may wait for a thread before new ones are rejected; default 1000
     */
    public record Workers(Integer threads, Integer queueCapacity) {

        public Workers {
            threads = threads == null ? 4 : threads;
            queueCapacity = queueCapacity == null ? 1000 : queueCapacity;
        }
    }

    /**
     * The Git transports applications may use besides HTTPS and SSH.
     *
     * @param allowHttp  whether {@code http://} repository URLs are accepted; default false
     * @param allowLocal whether {@code file://} repository URLs are accepted; default false
     */
    public record Source(boolean allowHttp, boolean allowLocal) {
    }

    /**
     * Teams of resources created without one.
     *
     * @param defaultTeam     the name of the team that gets them, created at start when missing. Without it, each
     *                        user's resources go to the user's personal team.
     * @param defaultTeamRole the role every caller has in the default team besides its members: owner, admin,
     *                        deployer or viewer. Without it, only members may use the default team.
     */
    public record Access(String defaultTeam, Role defaultTeamRole) {
    }
}
