package dev.slipway.docker;

import dev.slipway.core.runtime.EngineLabels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the application and deployment ids from the tags that {@link EngineLabels#imageTag} makes. The labels of an
 * image are the same for every image of the engine, so its tags are what tie it to deployments.
 */
final class ImageTags {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern DEPLOYMENT_TAG = Pattern.compile("^slipway/(" + UUID + "):(" + UUID + ")$");

    private ImageTags() {
    }

    /**
     * Returns the image's labels with the application and deployment labels that {@code tag} names added. A tag in
     * another form, such as {@code slipway/<applicationId>:<commit>} of images built before images were tagged per
     * deployment, adds nothing, and those images carry both labels themselves.
     */
    static Map<String, String> labels(String tag, Map<String, String> imageLabels) {
        Map<String, String> labels = new HashMap<>(imageLabels == null ? Map.of() : imageLabels);
        Matcher matcher = tag == null ? null : DEPLOYMENT_TAG.matcher(tag);
        if (matcher != null && matcher.matches()) {
            labels.put(EngineLabels.APPLICATION, matcher.group(1));
            labels.put(EngineLabels.DEPLOYMENT, matcher.group(2));
        }
        return labels;
    }

    /** Returns the image's tags, without the {@code <none>:<none>} that Docker lists for an image without one. */
    static List<String> of(String[] repoTags) {
        if (repoTags == null) {
            return List.of();
        }
        return List.of(repoTags).stream().filter(tag -> !tag.startsWith("<none>")).toList();
    }
}
