package dev.slipway.core.runtime;

import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.spec.PortMapping;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Port to a Docker host. Implementations talk to the Docker Engine API and apply the engine's hardened defaults
 * to every container: all capabilities dropped, no new privileges, resource limits, no privileged mode, and the
 * application port published on loopback only.
 */
public interface ContainerRuntime {

    /**
     * Builds an image and returns its id. Build output goes to {@code output} line by line.
     *
     * @throws StepFailedException when the build fails; the message ends with the last lines of build output
     */
    String build(BuildRequest request, LogSink output);

    /**
     * Returns whether the Docker engine runs on the engine's own host, reached over a Unix socket or a loopback
     * address, so that a directory of this host can be bind-mounted into its containers. The default is false.
     */
    default boolean isLocal() {
        return false;
    }

    /** Creates the application's own network unless it exists, and returns its name. */
    String ensureNetwork(ApplicationId application);

    /**
     * Creates and starts a container. When it cannot start, nothing it created is left behind.
     *
     * @throws StepFailedException when the container cannot be created or started
     */
    RunningContainer start(ContainerRequest request);

    /**
     * Sends one HTTP health probe to a running container. Never throws for a container that runs but is unhealthy.
     *
     * @throws StepFailedException when the implementation finds that the container has stopped, so that the health
     *                             check ends at once with the exit code instead of probing until its retries end
     */
    ProbeResult probe(RunningContainer container, HttpHealthCheck check);

    /**
     * Passes a container's standard output and standard error to {@code output} line by line, from the container's
     * start until it stops or the returned handle is closed. Runtimes that cannot stream output return a handle
     * that does nothing and pass no line.
     */
    default AutoCloseable followLogs(String containerId, LogSink output) {
        return () -> { };
    }

    /** Returns up to {@code lines} last lines of a container's output. */
    List<String> tailLogs(String containerId, int lines);

    /**
     * Stops and removes a container; does nothing when it is already gone.
     *
     * @throws StepFailedException when the container does not carry the engine's labels, so an object the engine
     *                             did not create is never removed
     */
    void removeContainer(String containerIdOrName);

    /**
     * Removes an image tag, or an image by id. The image itself goes when its last tag goes. Does nothing when the
     * tag or image is already gone, when a container uses the image, or when an image given by id has several tags.
     *
     * @throws StepFailedException when the image does not carry the engine's labels
     */
    void removeImage(String imageIdOrTag);

    /**
     * Removes the application's network when no container uses it; does nothing when it is gone.
     *
     * @throws StepFailedException when the network does not carry the engine's labels
     */
    void removeNetwork(ApplicationId application);

    /**
     * Removes the application's image tags from the images whose ids are not in {@code keep}, except from images a
     * container uses, and returns the ids of the images that no longer carry a tag of the application. This default
     * implementation removes nothing, for runtimes that cannot list images.
     */
    default List<String> removeImagesExcept(ApplicationId application, Set<String> keep) {
        return List.of();
    }

    /** Returns whether a container with this id or name exists, running or not. */
    boolean containerExists(String containerIdOrName);

    /** Returns whether an image with this id or tag exists. */
    boolean imageExists(String imageIdOrTag);

    /**
     * Returns the containers, running or not, image tags and networks that carry this runtime's engine id. Objects of
     * other engine ids and objects without the engine's labels are never listed. The default lists nothing.
     */
    default List<ManagedObject> listOwnObjects() {
        return List.of();
    }

    /**
     * Returns the name of a running container that publishes the mapping's host port and does not belong to
     * {@code application}, or empty when there is none. The default finds none.
     */
    default Optional<String> findPortPublisher(PortMapping mapping, ApplicationId application) {
        return Optional.empty();
    }

    /**
     * Stops a container without removing it, so that {@link #restartContainer} can start it again; does nothing when
     * it is already stopped or gone.
     *
     * @throws StepFailedException when the container does not carry the engine's labels
     */
    default void stopContainer(String containerIdOrName) {
        throw new UnsupportedOperationException("This container runtime cannot stop a container without removing it");
    }

    /**
     * Starts a stopped container again; does nothing when it already runs.
     *
     * @throws StepFailedException when the container is gone, cannot start, or does not carry the engine's labels
     */
    default void restartContainer(String containerIdOrName) {
        throw new UnsupportedOperationException("This container runtime cannot start a stopped container");
    }
}
