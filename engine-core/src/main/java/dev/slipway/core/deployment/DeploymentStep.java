package dev.slipway.core.deployment;

/** The steps of a deployment, in the order the saga runs them. */
public enum DeploymentStep {
    RESOLVE_COMMIT,
    CHECK_OUT,
    BUILD_IMAGE,
    START_CONTAINER,
    HEALTH_CHECK,
    /** Routes the application's domains to the new container; runs only for applications with domains. */
    SWITCH_TRAFFIC,
    STOP_PREVIOUS
}
