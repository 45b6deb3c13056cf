package dev.slipway.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import java.util.ArrayList;
import java.util.List;

/** Objects a test created on the Docker engine, removed by force after the test whatever its outcome. */
final class DockerObjects {

    private final List<String> containers = new ArrayList<>();
    private final List<String> images = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();

    String container(String name) {
        containers.add(name);
        return name;
    }

    String image(String tagOrId) {
        images.add(tagOrId);
        return tagOrId;
    }

    String network(String name) {
        networks.add(name);
        return name;
    }

    String volume(String name) {
        volumes.add(name);
        return name;
    }

    void removeAll() {
        for (String container : containers) {
            ignoreMissing(() -> TestDocker.client().removeContainerCmd(container).withForce(true)
                    .withRemoveVolumes(true).exec());
        }
        for (String image : images) {
            ignoreMissing(() -> TestDocker.client().removeImageCmd(image).withForce(true).exec());
        }
        for (String name : networks) {
            for (Network network : TestDocker.client().listNetworksCmd().withNameFilter(name).exec()) {
                if (name.equals(network.getName())) {
                    ignoreMissing(() -> TestDocker.client().removeNetworkCmd(network.getId()).exec());
                }
            }
        }
        // Named volumes go last, because Docker keeps a volume that a container still uses.
        for (String volume : volumes) {
            ignoreMissing(() -> TestDocker.client().removeVolumeCmd(volume).exec());
        }
    }

    private static void ignoreMissing(Runnable removal) {
        try {
            removal.run();
        } catch (NotFoundException e) {
            // Removed by the test itself.
        }
    }
}
