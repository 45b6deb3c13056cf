package dev.slipway.core.deployment;

/** State of a deployment. SUCCEEDED, FAILED and CANCELLED are final. */
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
