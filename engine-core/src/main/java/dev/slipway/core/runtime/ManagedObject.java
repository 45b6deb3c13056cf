package dev.slipway.core.runtime;

import java.util.Map;

/**
 * A container, image tag or network on the Docker host that carries the engine's labels and its engine id. An image
 * with several tags is listed once per tag, with the application and deployment labels that its tag names.
 *
 * @param kind   what the object is
 * @param id     the Docker id
 * @param name   the container name, the image tag or the network name, or the id of an image without a tag
 * @param labels the object's labels
 */
public record ManagedObject(Kind kind, String id, String name, Map<String, String> labels) {

    public ManagedObject {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Returns the application id label, or null. */
    public String application() {
        return labels.get(EngineLabels.APPLICATION);
    }

    /** Returns the deployment id label, or null for an object of the application as a whole. */
    public String deployment() {
        return labels.get(EngineLabels.DEPLOYMENT);
    }

    /** The kinds of Docker object that the engine creates and reconciles. */
    public enum Kind {
        CONTAINER,
        IMAGE,
        NETWORK
    }
}
