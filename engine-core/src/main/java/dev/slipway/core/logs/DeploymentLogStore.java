package dev.slipway.core.logs;

import dev.slipway.core.deployment.DeploymentId;

/**
 * Stores the build output, container output and engine lines of each deployment beside the event store, because
 * they are too large for events. Every line is masked for known secrets before it is stored, and again before it is
 * read, so a secret registered after a line was stored is masked as well.
 */
public interface DeploymentLogStore {

    /**
     * Appends a line to a deployment's log. The line is dropped when the deployment's log has ended or reached its
     * size limit; the first line over the limit is replaced by one truncation marker from {@link LogSource#ENGINE}.
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
