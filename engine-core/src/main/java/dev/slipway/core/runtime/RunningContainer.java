package dev.slipway.core.runtime;

/**
 * A container that the runtime started.
 *
 * @param id       the Docker container id
 * @param name     the container name
 * @param hostAddress the loopback address the container's port is published on, such as {@code 127.0.0.1}
 * @param hostPort the host port the container's port is published on
 */
public record RunningContainer(String id, String name, String hostAddress, int hostPort) {

    /** Rebuilds a container from its id, name and the URL returned by {@link #url()}. */
    public static RunningContainer fromUrl(String id, String name, String url) {
        java.net.URI uri = java.net.URI.create(url);
        return new RunningContainer(id, name, uri.getHost(), uri.getPort());
    }

    /** Returns the base URL at which the application answers, such as {@code http://127.0.0.1:32768}. */
    public String url() {
        return "http://" + hostAddress + ":" + hostPort;
    }
}
