package dev.slipway.docker;

import dev.slipway.core.runtime.EngineLabels;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Marks an image that a build reused from the build cache with one tag per deployment that reused it, such as
 * {@code slipway/APP:DEPLOYMENT-ID}. Images carry no deployment label, because a label that differs per deployment
 * made every build miss the cache in its last step. A rebuild of unchanged source then returns the image of an
 * earlier deployment, which an older release may still need for a rollback, and the tag keeps the removal after a
 * failed deployment away from it. An image that only one build produced keeps its single tag, so that
 * {@code docker rmi} by id still works for it.
 */
final class DeploymentTags {

    /** A deployment id, which is a lowercase UUID. Commit tags are hexadecimal digits only, so they never match. */
    private static final Pattern DEPLOYMENT_ID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private DeploymentTags() {
    }

    /** Returns the labels to build with: {@code labels} without the deployment label. */
    static Map<String, String> buildLabels(Map<String, String> labels) {
        Map<String, String> shared = new HashMap<>(labels);
        shared.remove(EngineLabels.DEPLOYMENT);
        return shared;
    }

    /**
     * Returns the tag that names the deployment in {@code labels}, in the repository of {@code imageTag}, or empty
     * when the labels name no deployment.
     */
    static Optional<String> tagFor(String imageTag, Map<String, String> labels) {
        String deployment = labels.get(EngineLabels.DEPLOYMENT);
        if (deployment == null || !DEPLOYMENT_ID.matcher(deployment).matches()) {
            return Optional.empty();
        }
        return Optional.of(repository(imageTag) + ":" + deployment);
    }

    /** Returns the ids of the deployments that reused an image, from its tags such as {@code slipway/app:ID}. */
    static Set<String> deployments(Collection<String> repoTags) {
        Set<String> deployments = new TreeSet<>();
        if (repoTags == null) {
            return deployments;
        }
        for (String tag : repoTags) {
            int colon = tag.lastIndexOf(':');
            if (colon > tag.lastIndexOf('/') && DEPLOYMENT_ID.matcher(tag.substring(colon + 1)).matches()) {
                deployments.add(tag.substring(colon + 1));
            }
        }
        return deployments;
    }

    /** Returns the repository part of an image reference such as {@code slipway/app:tag}. */
    static String repository(String imageTag) {
        int colon = imageTag.lastIndexOf(':');
        return colon > imageTag.lastIndexOf('/') ? imageTag.substring(0, colon) : imageTag;
    }
}
