package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.List;

/**
 * Removes an image tag by tag. Docker rejects the removal by id of an image with several tags unless forced, and a
 * forced removal would also untag an image that a container uses. The removal of the last tag deletes the image.
 */
final class ImageRemoval {

    private ImageRemoval() {
    }

    /**
     * Removes the image with id {@code imageId} and the tags {@code tags}.
     *
     * @throws ConflictException when a container, running or stopped, uses the image; it then keeps all its tags
     * @throws NotFoundException when the image is already gone
     */
    static void remove(DockerClient api, String imageId, List<String> tags) {
        if (!api.listContainersCmd().withShowAll(true).withAncestorFilter(List.of(imageId)).exec().isEmpty()) {
            throw new ConflictException("image " + imageId + " is used by a container");
        }
        List<String> named = tags == null ? List.of() : tags.stream().filter(tag -> !tag.startsWith("<none>"))
                .toList();
        if (named.isEmpty()) {
            api.removeImageCmd(imageId).withForce(false).withNoPrune(false).exec();
            return;
        }
        for (String tag : named) {
            try {
                api.removeImageCmd(tag).withForce(false).withNoPrune(false).exec();
            } catch (NotFoundException e) {
                // Removed at the same time by another caller; the remaining tags still go.
            }
        }
    }
}
