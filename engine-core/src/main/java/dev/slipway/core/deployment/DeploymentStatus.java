package dev.slipway.core.deployment;

/** Where a deployment stands. SUCCEEDED and FAILED are final. */
public enum DeploymentStatus {
    REQUESTED,
    RUNNING,
    SUCCEEDED,
    FAILED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
