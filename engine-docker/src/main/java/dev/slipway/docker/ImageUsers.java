package dev.slipway.docker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code USER} of the images that this runtime built, by image id, so that starting a container from such an image
 * needs no image inspect. An image id is the digest of the image's configuration, so an entry never goes stale.
 */
final class ImageUsers {

    /** Maximum entries, the least recently used going first. A missing entry costs one image inspect. */
    private static final int MAX_ENTRIES = 256;

    private final Map<String, User> users = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, User> eldest) {
                    return size() > MAX_ENTRIES;
                }
            });

    /** Records the image's user, or its lack of one when {@code user} is null or blank. */
    void put(String imageId, String user) {
        users.put(imageId, new User(user == null || user.isBlank() ? null : user));
    }

    /** Returns the image's recorded user, or null when this runtime did not record the image. */
    User get(String imageId) {
        return users.get(imageId);
    }

    /**
     * The {@code USER} an image sets.
     *
     * @param name the user as the image sets it, or null when it sets none
     */
    record User(String name) {
    }
}
