package dev.slipway.core.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * Request to build an image from a checked-out repository.
 *
 * @param contextDirectory the build context on the engine's disk, already checked to be inside the checkout
 * @param dockerfile       the Dockerfile path relative to the context, with {@code /} separators
 * @param imageTag         the repository and tag to give the image, such as {@code slipway/app-id:commit}
 * @param labels           labels to set on the image, including {@link EngineLabels}
 * @param buildArguments   values for the Dockerfile's {@code ARG} instructions, by name, passed to Docker as given.
 *                         They stay readable in the image's history, so they must never carry a secret.
 */
public record BuildRequest(Path contextDirectory, String dockerfile, String imageTag, Map<String, String> labels,
                           Map<String, String> buildArguments) {

    public BuildRequest {
        labels = Map.copyOf(labels);
        buildArguments = buildArguments == null ? Map.of() : Map.copyOf(buildArguments);
    }

    /** Creates a request without build arguments. */
    public BuildRequest(Path contextDirectory, String dockerfile, String imageTag, Map<String, String> labels) {
        this(contextDirectory, dockerfile, imageTag, labels, Map.of());
    }
}
