package dev.slipway.rest;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
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
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new AssertionError("Docker is not reachable at " + config.getDockerHost()
                    + "; this test needs a running Docker engine (start dockerd)", e);
        }
        return new DockerObjects(client);
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
