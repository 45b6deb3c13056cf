package dev.slipway.core.logs;

import dev.slipway.core.deployment.DeploymentId;

/**
 * Stores the build output, container output and engine lines of each deployment beside the event store, because
 * they are too large for events. Every line is masked for known secrets before it is stored, and again before it is
 * read, so a secret registered after a line was stored is masked as well.
 */
public interface DeploymentLogStore {

    /**
     * Appends a line to a deployment's log, or drops it when the log has ended. Build and container output may fill
     * the log only up to a share of its size limit, so that room is left for the engine's own lines, such as the
     * outcome. The first output line over that share is replaced by one truncation marker from
     * {@link LogSource#ENGINE}, and later output lines are dropped, but engine lines are still stored.
     */
    void append(DeploymentId deploymentId, LogSource source, String text);

    /**
     * Marks a deployment's log as ended, so later lines are dropped, and notifies every listener. Repeated calls do
     * nothing.
     */
    void end(DeploymentId deploymentId);

    /**
     * Returns up to {@code limit} lines whose sequence is greater than {@code after}.
     *
     * @param after the sequence of the last line the caller has, or 0 to read from the start
     */
    LogPage read(DeploymentId deploymentId, long after, int limit);

    /** Returns whether a deployment's log has ended. The default calls {@link #read}, which may scan the whole log. */
    default boolean isEnded(DeploymentId deploymentId) {
        return read(deploymentId, Long.MAX_VALUE, 1).ended();
    }

    /**
     * Passes every stored line whose sequence is greater than {@code after} to {@code listener}, then every new line
     * until the deployment's log ends, without gaps or repeats. When the log has ended already, the listener receives
     * the stored lines and {@link LogListener#ended()} before this method returns.
     *
     * @return a handle that stops the listener when closed
     */
    AutoCloseable follow(DeploymentId deploymentId, long after, LogListener listener);

    /**
     * Deletes the logs whose last line was written longer ago than the retention period, ended or not.
     *
     * @return the number of deployment logs deleted
     */
    int deleteExpired();
}
