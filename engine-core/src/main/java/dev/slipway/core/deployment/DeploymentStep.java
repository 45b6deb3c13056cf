package dev.slipway.core.deployment;

/** The steps of a deployment, in the order the saga runs them. */
public enum DeploymentStep {
    RESOLVE_COMMIT,
    CHECK_OUT,
    BUILD_IMAGE,
    START_CONTAINER,
    HEALTH_CHECK,
    STOP_PREVIOUS
}
