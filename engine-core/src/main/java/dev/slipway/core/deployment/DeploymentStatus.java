package dev.slipway.core.deployment;

/** Where a deployment stands. SUCCEEDED, FAILED and CANCELLED are final. */
public enum DeploymentStatus {
    REQUESTED,
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
