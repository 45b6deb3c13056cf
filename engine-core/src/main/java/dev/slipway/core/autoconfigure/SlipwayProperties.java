package dev.slipway.core.autoconfigure;

import dev.slipway.core.access.Role;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the deployment engine under Spring Boot, prefix {@code slipway}.
 *
 * @param workDirectory where deployments check out their sources; default {@code ${java.io.tmpdir}/slipway-work}
 * @param workers       the pool that runs slow deployment steps
 * @param source        which Git transports applications may use
 * @param access        which team gets resources created without one
 */
@ConfigurationProperties("slipway")
public record SlipwayProperties(Path workDirectory, Workers workers, Source source, Access access) {

    public SlipwayProperties {
        workDirectory = workDirectory == null ? Path.of(System.getProperty("java.io.tmpdir"), "slipway-work")
                : workDirectory;
        workers = workers == null ? new Workers(4, 1000) : workers;
        source = source == null ? new Source(false, false) : source;
        access = access == null ? new Access(null, null) : access;
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
