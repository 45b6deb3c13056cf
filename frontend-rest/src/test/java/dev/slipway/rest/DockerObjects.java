package dev.slipway.rest;

import com.github.dockerjava.api.DockerClient;
import dev.slipway.testsupport.DockerConnections;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lists the Docker objects that carry a label, to check what the engine created. Fails when Docker is missing. */
final class DockerObjects implements AutoCloseable {

    private final DockerClient client;

    private DockerObjects(DockerClient client) {
        this.client = client;
    }

    static DockerObjects connect() {
        return new DockerObjects(DockerConnections.connect());
    }

    /** Returns a description of every container, image and network labelled {@code key=value}. */
    List<String> labelled(String key, String value) {
        Map<String, String> label = Map.of(key, value);
        List<String> found = new ArrayList<>();
        client.listContainersCmd().withShowAll(true).withLabelFilter(label).exec()
                .forEach(container -> found.add("container " + container.getId()));
        client.listImagesCmd().withShowAll(true).withLabelFilter(label).exec()
                .forEach(image -> found.add("image " + image.getId()));
        // The engine names the application and the deployment in its image tags, not in the image's labels.
        String reference = switch (key) {
            case "dev.slipway.application" -> "slipway/" + value;
            case "dev.slipway.deployment" -> "slipway/*:" + value;
            default -> null;
        };
        if (reference != null) {
            client.listImagesCmd().withReferenceFilter(reference).exec()
                    .forEach(image -> found.add("image " + image.getId()));
        }
        client.listNetworksCmd().withFilter("label", List.of(key + "=" + value)).exec()
                .forEach(network -> found.add("network " + network.getName()));
        return found;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
