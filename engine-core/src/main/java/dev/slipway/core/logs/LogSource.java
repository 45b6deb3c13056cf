package dev.slipway.core.logs;

/** Origin of a stored log line. */
public enum LogSource {
    /** Output of the Docker image build. */
    BUILD,
    /** Standard output and standard error of the deployment's container. */
    CONTAINER,
    /** A line the engine writes itself, such as the outcome of the deployment or the truncation marker. */
    ENGINE
}
