package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import dev.slipway.core.application.ApplicationId;
import dev.slipway.core.runtime.EngineLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes an application's release images that its retention no longer keeps. Only images with the engine's labels
 * for that application are candidates. Docker rejects the removal of an image that a container uses, running or
 * stopped, so such an image stays.
 */
final class ImageRetention {

    private static final Logger LOG = LoggerFactory.getLogger(ImageRetention.class);

    private final DockerClient api;
    private final DockerFailures failures;

    ImageRetention(DockerClient api, DockerFailures failures) {
        this.api = api;
        this.failures = failures;
    }

    /** Removes the application's images whose ids are not in {@code keep}, and returns the removed ids. */
    List<String> removeExcept(ApplicationId application, Set<String> keep) {
        Map<String, String> labels = Map.of(EngineLabels.MANAGED, "true",
                EngineLabels.APPLICATION, application.toString());
        List<Image> images;
        try {
            images = api.listImagesCmd().withLabelFilter(labels).exec();
        } catch (RuntimeException e) {
            throw failures.failure("list the images of application '" + application + "'", e,
                    "Old images stay until the next successful deployment.");
        }
        List<String> removed = new ArrayList<>();
        for (Image image : images) {
            if (!keep.contains(image.getId()) && remove(application, image)) {
                removed.add(image.getId());
            }
        }
        return removed;
    }

    private boolean remove(ApplicationId application, Image image) {
        Map<String, String> labels = image.getLabels() == null ? Map.of() : image.getLabels();
        try {
            api.removeImageCmd(image.getId()).withForce(false).withNoPrune(false).exec();
            String tags = image.getRepoTags() == null ? null : String.join(",", image.getRepoTags());
            ChangeLog.record("removed", "image", image.getId(), tags, labels);
            return true;
        } catch (NotFoundException e) {
            LOG.debug("application [{}] image [{}] was removed concurrently", application, image.getId());
        } catch (ConflictException e) {
            LOG.info("application [{}] image [{}] kept because a container uses it: {}", application, image.getId(),
                    DockerFailures.reason(e));
        } catch (RuntimeException e) {
            LOG.warn("application [{}] unable to remove image [{}]: {}", application, image.getId(),
                    DockerFailures.reason(e));
        }
        return false;
    }
}
