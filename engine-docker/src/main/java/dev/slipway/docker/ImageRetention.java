package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.EngineLabels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes an application's release image tags that its retention no longer keeps. The candidates are the images with
 * the engine's managed label and a tag in the application's repository, {@code slipway/<applicationId>}, and images
 * built before images were tagged per deployment, which carry the application label. An image goes with its last
 * tag, so an image that another application's tag references stays. The tag of a deployment that still has a
 * container, running or stopped, stays too, and Docker rejects the removal of the last tag of an image that any
 * container uses.
 */
final class ImageRetention {

    private static final Logger LOG = LoggerFactory.getLogger(ImageRetention.class);

    private final DockerClient api;
    private final DockerFailures failures;

    ImageRetention(DockerClient api, DockerFailures failures) {
        this.api = api;
        this.failures = failures;
    }

    /**
     * Removes the application's tags from the images whose ids are not in {@code keep}, and returns the ids of the
     * images that no longer carry a tag of the application.
     */
    List<String> removeExcept(ApplicationId application, Set<String> keep) {
        String repository = EngineLabels.imageRepository(application);
        Map<String, Image> candidates = new LinkedHashMap<>();
        Set<String> deploymentsWithContainers = new HashSet<>();
        try {
            for (Container container : api.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(
                    EngineLabels.MANAGED, "true", EngineLabels.APPLICATION, application.toString())).exec()) {
                if (container.getLabels() != null && container.getLabels().get(EngineLabels.DEPLOYMENT) != null) {
                    deploymentsWithContainers.add(container.getLabels().get(EngineLabels.DEPLOYMENT));
                }
            }
            for (Image image : api.listImagesCmd().withLabelFilter(Map.of(EngineLabels.MANAGED, "true"))
                    .withReferenceFilter(repository).exec()) {
                candidates.put(image.getId(), image);
            }
            for (Image image : api.listImagesCmd().withLabelFilter(Map.of(EngineLabels.MANAGED, "true",
                    EngineLabels.APPLICATION, application.toString())).exec()) {
                candidates.putIfAbsent(image.getId(), image);
            }
        } catch (RuntimeException e) {
            throw failures.failure("list the images of application '" + application + "'", e,
                    "Old images stay until the next successful deployment.");
        }
        List<String> removed = new ArrayList<>();
        for (Image image : candidates.values()) {
            if (!keep.contains(image.getId())
                    && removeTags(application, repository, image, deploymentsWithContainers)) {
                removed.add(image.getId());
            }
        }
        return removed;
    }

    /**
     * Removes the image's tags in the application's repository, except those of deployments that have a container,
     * or the image by id when it has no such tag, and returns true when all of them went.
     */
    private boolean removeTags(ApplicationId application, String repository, Image image,
                               Set<String> deploymentsWithContainers) {
        List<String> tags = ImageTags.of(image.getRepoTags()).stream()
                .filter(tag -> tag.startsWith(repository + ":")).toList();
        if (tags.isEmpty()) {
            return remove(application, image, image.getId());
        }
        boolean all = true;
        for (String tag : tags) {
            String deployment = ImageTags.labels(tag, Map.of()).get(EngineLabels.DEPLOYMENT);
            if (deployment != null && deploymentsWithContainers.contains(deployment)) {
                LOG.info("application [{}] image [{}] kept because deployment [{}] has a container", application,
                        tag, deployment);
                all = false;
            } else {
                all &= remove(application, image, tag);
            }
        }
        return all;
    }

    private boolean remove(ApplicationId application, Image image, String reference) {
        try {
            api.removeImageCmd(reference).withForce(false).withNoPrune(false).exec();
            ChangeLog.record("removed", "image", image.getId(), reference, ImageTags.labels(reference,
                    image.getLabels()));
            return true;
        } catch (ConflictException e) {
            LOG.info("application [{}] image [{}] kept because a container uses it: {}", application, reference,
                    DockerFailures.reason(e));
        } catch (RuntimeException e) {
            if (DockerFailures.isGone(e)) {
                LOG.debug("application [{}] image [{}] was removed concurrently", application, reference);
            } else {
                LOG.warn("application [{}] unable to remove image [{}]: {}", application, reference,
                        DockerFailures.reason(e));
            }
        }
        return false;
    }
}
