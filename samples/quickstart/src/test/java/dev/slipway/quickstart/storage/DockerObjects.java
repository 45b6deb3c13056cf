package dev.slipway.quickstart.storage;

import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.slipway.core.runtime.EngineLabels;
import java.util.ArrayList;
import java.util.List;

/** The local Docker engine for the storage tests: connects, fails with the fix when it does not answer, cleans up. */
final class DockerObjects {

    private static final String HOST = "unix:///var/run/docker.sock";

    private final DockerClient docker;

    private DockerObjects(DockerClient docker) {
        this.docker = docker;
    }

    static DockerObjects connect() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(HOST)
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .build());
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("Docker engine not reachable at " + HOST + ": run scripts/setup-docker.sh as root", e);
        }
        return new DockerObjects(client);
    }

    /** Returns the ids of the containers, running or not, that the engine made for an application. */
    List<String> containersOf(String applicationId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(EngineLabels.APPLICATION + "=" + applicationId)).exec().stream()
                .map(Container::getId)
                .toList();
    }

    /** Returns the ids of the containers, running or not, that the engine made for a deployment. */
    List<String> containersOfDeployment(String deploymentId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(EngineLabels.DEPLOYMENT + "=" + deploymentId)).exec().stream()
                .map(Container::getId)
                .toList();
    }

    /** Returns the ids of the containers and images that the engine made for a deployment. */
    List<String> objectsOfDeployment(String deploymentId) {
        List<String> objects = new ArrayList<>(containersOfDeployment(deploymentId));
        docker.listImagesCmd().withLabelFilter(EngineLabels.DEPLOYMENT + "=" + deploymentId).exec()
                .forEach(image -> objects.add(image.getId()));
        // The engine names the deployment in its image's tag, not in the image's labels.
        docker.listImagesCmd().withReferenceFilter("slipway/*:" + deploymentId).exec()
                .forEach(image -> objects.add(image.getId()));
        return objects;
    }

    /** Removes the containers, images and networks that the engine made for an application. */
    void removeAllOf(String applicationId) {
        String label = EngineLabels.APPLICATION + "=" + applicationId;
        for (String container : containersOf(applicationId)) {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
        for (Image image : docker.listImagesCmd().withLabelFilter(label).exec()) {
            docker.removeImageCmd(image.getId()).withForce(true).exec();
        }
        // Other applications may share an image, so only the tags that name this application go.
        for (Image image : docker.listImagesCmd().withReferenceFilter("slipway/" + applicationId).exec()) {
            for (String tag : image.getRepoTags()) {
                if (tag.startsWith("slipway/" + applicationId + ":")) {
                    docker.removeImageCmd(tag).withForce(true).exec();
                }
            }
        }
        for (Network network : docker.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
            docker.removeNetworkCmd(network.getId()).exec();
        }
    }
}
