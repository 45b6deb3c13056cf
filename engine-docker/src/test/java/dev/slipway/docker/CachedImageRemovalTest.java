package dev.slipway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Separates a build whose cached image another deployment's clean-up removed from a build that failed itself. */
class CachedImageRemovalTest {

    @Test
    void missingDigestMeansCachedImageRemoved() {
        String error = "failed to get digest sha256:583f09a6b187ee0a8290ba199b8abb55cd0011d5275d6633dbac13455b6de418:"
                + " open /var/lib/docker/image/overlay2/imagedb/content/sha256/583f09a6b187: no such file or directory";

        assertThat(ImageBuilder.cacheImageVanished(error)).isTrue();
    }

    @Test
    void unknownParentMeansCachedImageRemoved() {
        String error = "unknown parent image ID"
                + " sha256:cc9dadf81faac258c7e5da25703ee5dab73d43f87b6a59a62d41448e75a99f3e";

        assertThat(ImageBuilder.cacheImageVanished(error)).isTrue();
    }

    @Test
    void failingCommandIsNotCachedImageRemoval() {
        String error = "The command '/bin/sh -c exit 3' returned a non-zero code: 3";

        assertThat(ImageBuilder.cacheImageVanished(error)).isFalse();
    }
}
