package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.ManagedObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stamps the engine id label on what the runtime creates and lists the objects that carry it, so that an engine
 * reconciles only its own objects on a Docker host that other engines share.
 */
final class OwnObjects {

    private final DockerClient api;
    private final DockerFailures failures;
    private final String engineId;

    OwnObjects(DockerClient api, DockerFailures failures, String engineId) {
        this.api = api;
        this.failures = failures;
        this.engineId = engineId;
    }

    /** Returns {@code labels} with the engine id label added. */
    Map<String, String> withEngineLabel(Map<String, String> labels) {
        Map<String, String> stamped = new HashMap<>(labels);
        stamped.put(EngineLabels.ENGINE, engineId);
        return stamped;
    }

    /**
     * Lists containers, running or not, image tags and networks labelled as managed with this engine id, except the
     * reverse proxy container and its network. An image
     * without a tag is listed once under its id. So is an image without a tag or child image that carries only the
     * engine id: a build cut off between the steps that add the engine's labels leaves one.
     */
    List<ManagedObject> list() {
        Map<String, String> filter = Map.of(EngineLabels.MANAGED, "true", EngineLabels.ENGINE, engineId);
        List<String> labelFilter = List.of(EngineLabels.MANAGED + "=true", EngineLabels.ENGINE + "=" + engineId);
        List<ManagedObject> objects = new ArrayList<>();
        try {
            for (Container container : api.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec()) {
                Map<String, String> labels = container.getLabels() == null ? Map.of() : container.getLabels();
                if (labels.containsKey(CaddyTrafficRouter.PROXY_LABEL)) {
                    // The reverse proxy serves every application of the engine, so no release owns it.
                    continue;
                }
                String name = container.getNames() == null || container.getNames().length == 0 ? container.getId()
                        : container.getNames()[0].replaceFirst("^/", "");
                objects.add(new ManagedObject(ManagedObject.Kind.CONTAINER, container.getId(), name,
                        container.getLabels()));
            }
            for (Image image : api.listImagesCmd().withLabelFilter(filter).exec()) {
                List<String> tags = ImageTags.of(image.getRepoTags());
                if (tags.isEmpty()) {
                    objects.add(new ManagedObject(ManagedObject.Kind.IMAGE, image.getId(), image.getId(),
                            image.getLabels()));
                }
                // One object per tag, because each tag belongs to one deployment and is removed on its own.
                for (String tag : tags) {
                    objects.add(new ManagedObject(ManagedObject.Kind.IMAGE, image.getId(), tag,
                            ImageTags.labels(tag, image.getLabels())));
                }
            }
            Set<String> listed = new HashSet<>();
            for (ManagedObject object : objects) {
                listed.add(object.id());
            }
            for (Image image : api.listImagesCmd().withDanglingFilter(true)
                    .withLabelFilter(Map.of(EngineLabels.ENGINE, engineId)).exec()) {
                if (listed.add(image.getId())) {
                    objects.add(new ManagedObject(ManagedObject.Kind.IMAGE, image.getId(), image.getId(),
                            image.getLabels()));
                }
            }
            for (Network network : api.listNetworksCmd().withFilter("label", labelFilter).exec()) {
                if (network.getLabels() != null && network.getLabels().containsKey(CaddyTrafficRouter.PROXY_LABEL)) {
                    // The reverse proxy's own network, which no release owns either.
                    continue;
                }
                objects.add(new ManagedObject(ManagedObject.Kind.NETWORK, network.getId(), network.getName(),
                        network.getLabels()));
            }
        } catch (RuntimeException e) {
            throw failures.failure("list the objects of engine '" + engineId + "'", e, "Check the Docker engine.");
        }
        return objects;
    }
}
