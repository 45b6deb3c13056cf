package dev.slipway.benchmarks.deployment;

import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.slipway.core.runtime.EngineLabels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A docker-java client on the local engine, for the tests' own checks and clean-up. */
final class LocalDocker {

    private LocalDocker() {
    }

    /** Connects to the local engine, failing the test with the set-up hint when it does not respond. */
    static DockerClient connect() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///var/run/docker.sock").build();
        DockerClient docker = DockerClientImpl.getInstance(config,
                new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("Docker engine not reachable at unix:///var/run/docker.sock: run scripts/setup-docker.sh as root", e);
        }
        return docker;
    }

    /** Returns the containers, running or not, that carry {@code label=value}. */
    static List<Container> containers(DockerClient docker, String label, String value) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label + "=" + value)).exec();
    }

    /**
     * Returns the images that carry {@code label=value}, and for the application or deployment label also the images
     * with a tag that names that id, because the engine names them in an image's tag, not in its labels.
     */
    static List<Image> images(DockerClient docker, String label, String value) {
        Map<String, Image> images = new LinkedHashMap<>();
        docker.listImagesCmd().withShowAll(true).withLabelFilter(label + "=" + value).exec()
                .forEach(image -> images.put(image.getId(), image));
        String reference = switch (label) {
            case EngineLabels.APPLICATION -> "slipway/" + value;
            case EngineLabels.DEPLOYMENT -> "slipway/*:" + value;
            default -> null;
        };
        if (reference != null) {
            docker.listImagesCmd().withReferenceFilter(reference).exec()
                    .forEach(image -> images.putIfAbsent(image.getId(), image));
        }
        return List.copyOf(images.values());
    }

    /** Returns the networks of an application. */
    static List<Network> networks(DockerClient docker, String applicationId) {
        return docker.listNetworksCmd().withFilter("label", List.of(EngineLabels.APPLICATION + "=" + applicationId))
                .exec();
    }

    /** Removes every container, image and network of an application. */
    static void removeApplication(DockerClient docker, String applicationId) {
        for (Container container : containers(docker, EngineLabels.APPLICATION, applicationId)) {
            removeContainer(docker, container.getId());
        }
        String imageLabel = EngineLabels.APPLICATION + "=" + applicationId;
        for (Image image : docker.listImagesCmd().withLabelFilter(imageLabel).exec()) {
            removeImage(docker, image.getId());
        }
        // Images of other applications may share an image with this one, so only this application's tags go.
        String repository = "slipway/" + applicationId + ":";
        for (Image image : docker.listImagesCmd().withReferenceFilter("slipway/" + applicationId).exec()) {
            for (String tag : image.getRepoTags() == null ? new String[0] : image.getRepoTags()) {
                if (tag.startsWith(repository)) {
                    removeImage(docker, tag);
                }
            }
        }
        String label = EngineLabels.APPLICATION + "=" + applicationId;
        for (Network network : docker.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
            docker.removeNetworkCmd(network.getId()).exec();
        }
    }

    private static void removeImage(DockerClient docker, String idOrTag) {
        try {
            docker.removeImageCmd(idOrTag).withForce(true).exec();
        } catch (NotFoundException | ConflictException e) {
            // Already removed together with another image, or still the parent of an image removed later.
        }
    }

    static void removeContainer(DockerClient docker, String idOrName) {
        try {
            docker.removeContainerCmd(idOrName).withForce(true).exec();
        } catch (NotFoundException e) {
            // Already gone.
        }
    }
}
