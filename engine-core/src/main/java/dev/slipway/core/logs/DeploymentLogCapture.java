package dev.slipway.core.logs;

import dev.slipway.core.deployment.DeploymentCancelledEvent;
import dev.slipway.core.deployment.DeploymentFailedEvent;
import dev.slipway.core.deployment.DeploymentId;
import dev.slipway.core.deployment.DeploymentSucceededEvent;
import dev.slipway.core.readmodel.LiveReactions;
import dev.slipway.core.runtime.ContainerRuntime;
import dev.slipway.core.runtime.LogSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a deployment's build output and container output into its {@link DeploymentLogStore}, and ends the log
 * when the deployment succeeds, fails or is cancelled. The container's output is followed from its start until the
 * deployment ends. Expired logs are deleted when a deployment ends, at most once per hour.
 *
 * <p>It handles events on the subscribing processor of {@link LiveReactions}, so it reacts to live events only and
 * never to a replay.
 */
@ProcessingGroup(LiveReactions.PROCESSING_GROUP)
public final class DeploymentLogCapture {

    private static final Logger log = LoggerFactory.getLogger(DeploymentLogCapture.class);
    private static final Duration CLEANUP_INTERVAL = Duration.ofHours(1);

    private final DeploymentLogStore store;
    private final ContainerRuntime containers;
    private final Clock clock;
    private final Map<DeploymentId, AutoCloseable> followed = new ConcurrentHashMap<>();
    private volatile Instant lastCleanup = Instant.MIN;

    /** Creates a capture that writes to {@code store} and follows containers of {@code containers}. */
    public DeploymentLogCapture(DeploymentLogStore store, ContainerRuntime containers, Clock clock) {
        this.store = store;
        this.containers = containers;
        this.clock = clock;
    }

    /** Returns the store the lines go to. */
    public DeploymentLogStore store() {
        return store;
    }

    /**
     * Returns a sink that stores each build output line and then passes it to {@code next}.
     *
     * <p>NOTE: Lines are masked only for secrets that the vault encrypted or decrypted since the engine started. After
     * a restart, an application's secrets are first decrypted when its container starts, so a secret value that its
     * build prints before then is stored unmasked.
     */
    public LogSink buildOutput(DeploymentId deploymentId, LogSink next) {
        return line -> {
            store.append(deploymentId, LogSource.BUILD, line);
            next.line(line);
        };
    }

    /** Stores the container's output from its start until the deployment ends. */
    public void followContainer(DeploymentId deploymentId, String containerId) {
        try {
            AutoCloseable handle = containers.followLogs(containerId,
                    line -> store.append(deploymentId, LogSource.CONTAINER, line));
            close(deploymentId, followed.put(deploymentId, handle));
            if (store.isEnded(deploymentId)) {
                // The deployment ended, for example by a cancel, while its container started.
                close(deploymentId, followed.remove(deploymentId));
            }
        } catch (RuntimeException e) {
            log.warn("deployment [{}] unable to follow the output of container [{}]: {}", deploymentId, containerId,
                    e.toString());
        }
    }

    @EventHandler
    void on(DeploymentSucceededEvent event) {
        end(event.deploymentId(), "Deployment succeeded: the container answers at " + event.release().url() + ".");
    }

    @EventHandler
    void on(DeploymentFailedEvent event) {
        end(event.deploymentId(), "Deployment failed at step " + event.step() + ": " + event.reason());
    }

    @EventHandler
    void on(DeploymentCancelledEvent event) {
        end(event.deploymentId(), "Deployment cancelled: " + event.reason());
    }

    /**
     * Ends the log once the unit of work that published the event has committed, so that file writes never delay
     * the storage of the deployment's events.
     */
    private void end(DeploymentId deploymentId, String outcome) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> endNow(deploymentId, outcome));
        } else {
            endNow(deploymentId, outcome);
        }
    }

    private void endNow(DeploymentId deploymentId, String outcome) {
        close(deploymentId, followed.remove(deploymentId));
        // A failure reason may quote several lines of output; each becomes a line of its own.
        for (String line : outcome.split("\r?\n")) {
            store.append(deploymentId, LogSource.ENGINE, line);
        }
        store.end(deploymentId);
        Instant now = clock.instant();
        if (lastCleanup.plus(CLEANUP_INTERVAL).isBefore(now)) {
            lastCleanup = now;
            store.deleteExpired();
        }
    }

    private static void close(DeploymentId deploymentId, AutoCloseable handle) {
        if (handle == null) {
            return;
        }
        try {
            handle.close();
        } catch (Exception e) {
            log.warn("deployment [{}] unable to stop following its container output: {}", deploymentId,
                    e.toString());
        }
    }
}
