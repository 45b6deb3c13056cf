package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.ContainerConfig;
import dev.slipway.core.deployment.DeploymentStep;
import dev.slipway.core.runtime.BuildRequest;
import dev.slipway.core.runtime.EngineLabels;
import dev.slipway.core.runtime.LogSink;
import dev.slipway.core.runtime.StepFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds images with the Docker engine's builder and cleans up after a failed build. An image carries only the labels
 * that are the same for every image of the engine, {@link EngineLabels#MANAGED} and {@link EngineLabels#ENGINE}, and
 * the request's tag names the deployment. So a rebuild of unchanged source comes from the build cache in full and
 * adds the new deployment's tag to the existing image, without a container commit.
 */
final class ImageBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ImageBuilder.class);
    private static final String STEP = DeploymentStep.BUILD_IMAGE.name();
    /** Lines of build output that end a failure message: enough for a compiler error and its context. */
    private static final int TAIL_LINES = 20;
    /** The builder's line that names the image a finished step produced, such as {@code  ---> 87d774c87459}. */
    private static final Pattern STEP_IMAGE = Pattern.compile("^ ---> ([0-9a-f]{12,64})$");

    private final DockerClient api;
    private final DockerClient streaming;
    private final DockerFailures failures;
    private final Duration timeout;

    ImageBuilder(DockerClient api, DockerClient streaming, DockerFailures failures, Duration timeout) {
        this.api = api;
        this.streaming = streaming;
        this.failures = failures;
        this.timeout = timeout;
    }

    String build(BuildRequest request, LogSink output) {
        String deployment = request.labels().getOrDefault(EngineLabels.DEPLOYMENT, "-");
        requireDockerfile(request);
        LOG.info("deployment [{}] step [{}] building image [{}] from Dockerfile [{}]", deployment, STEP,
                request.imageTag(), request.dockerfile());

        // NOTE: an engine that stops between the two builds leaves the unlabelled image behind. It has no tag and
        // none of the engine's labels, so orphan removal misses it, but `docker image prune` removes it.
        Map<String, String> labels = imageLabels(request.labels());
        BuildOutput result = buildUnlabelled(request, output, deployment);
        if (!label(request, labels, result, output, deployment)) {
            // Removing another application's image of the same source deletes the unlabelled image, which they
            // share, when it has no other child. Building it again reuses the layers the cache still has.
            LOG.info("deployment [{}] step [{}] unlabelled image [{}] was removed before it was labelled; building"
                    + " it again", deployment, STEP, result.imageId());
            if (!label(request, labels, buildUnlabelled(request, output, deployment), output, deployment)) {
                throw new StepFailedException("Unable to build image '" + request.imageTag() + "': the built image"
                        + " was removed twice before its labels were added. Deploy again.");
            }
        }
        String imageId = inspectImageId(request);
        ChangeLog.record("built", "image", imageId, request.imageTag(), request.labels());
        LOG.info("deployment [{}] step [{}] built image [{}] id [{}]", deployment, STEP, request.imageTag(), imageId);
        return imageId;
    }

    /**
     * Returns the labels that go on the image: the request's labels that are the same for every image of the engine.
     * The application and deployment labels would make each deployment's image differ, so the cache could not serve
     * the labelling step.
     */
    static Map<String, String> imageLabels(Map<String, String> requestLabels) {
        Map<String, String> labels = new TreeMap<>();
        for (String key : List.of(EngineLabels.MANAGED, EngineLabels.ENGINE)) {
            if (requestLabels.containsKey(key)) {
                labels.put(key, requestLabels.get(key));
            }
        }
        return labels;
    }

    /** Builds the user's Dockerfile without labels or tags, and throws when the build fails. */
    private BuildOutput buildUnlabelled(BuildRequest request, LogSink output, String deployment) {
        BuildOutput result = runBuild(request, Set.of(), Map.of(), output, deployment);
        if (result.error() != null) {
            removeFailedBuildImages(request, result.lastStepImage(), deployment);
            LOG.warn("deployment [{}] step [{}] build of image [{}] failed: {}", deployment, STEP, request.imageTag(),
                    result.error());
            String message = "Unable to build image '" + request.imageTag() + "' from Dockerfile '"
                    + request.dockerfile() + "': " + result.error() + ". Fix the Dockerfile or the code it builds,"
                    + " then deploy again.";
            throw new StepFailedException(DockerFailures.withOutput(message, "Last build output", result.tail()));
        }
        return result;
    }

    private static void requireDockerfile(BuildRequest request) {
        Path context = request.contextDirectory();
        if (context == null || !Files.isDirectory(context, LinkOption.NOFOLLOW_LINKS)) {
            throw new StepFailedException("Unable to build image '" + request.imageTag()
                    + "': the build context folder does not exist. Check the build context path of the"
                    + " application.");
        }
        String dockerfile = request.dockerfile();
        Path resolved = context.resolve(dockerfile == null ? "" : dockerfile).normalize();
        if (dockerfile == null || dockerfile.isBlank() || !resolved.startsWith(context.normalize())
                || resolved.equals(context.normalize())) {
            throw new StepFailedException("Unable to build image '" + request.imageTag() + "': Dockerfile path '"
                    + dockerfile + "' must name a file inside the build context. Check the Dockerfile path of the"
                    + " application.");
        }
        if (!Files.isRegularFile(resolved)) {
            throw new StepFailedException("Unable to build image '" + request.imageTag() + "': Dockerfile '"
                    + dockerfile + "' not found in the build context. Check the Dockerfile path of the application;"
                    + " it is relative to the build context.");
        }
    }

    /**
     * Sends the context to the engine and waits for the build to end. Returns a failed build as an outcome, and
     * throws only when the context cannot be read or the engine cannot be reached.
     */
    private BuildOutput runBuild(BuildRequest request, Set<String> tags, Map<String, String> labels, LogSink output,
                                 String deployment) {
        Path archive = packContext(request);
        BuildCallback callback = new BuildCallback(output);
        try (InputStream context = Files.newInputStream(archive)) {
            BuildImageCmd command = streaming.buildImageCmd(context)
                    .withDockerfilePath(request.dockerfile())
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true);
            if (!tags.isEmpty()) {
                command.withTags(tags);
            }
            if (!labels.isEmpty()) {
                command.withLabels(labels);
            }
            // Each argument travels as one JSON string in the API's buildargs parameter, so no character of a value
            // is interpreted on the way to the builder.
            request.buildArguments().forEach(command::withBuildArg);
            command.exec(callback);
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return callback.outcome("timed out after " + DockerFailures.format(timeout));
            }
            RuntimeException error = callback.error();
            if (error instanceof DockerException) {
                // The engine rejected the request itself, for example a Dockerfile it cannot parse.
                return callback.outcome(DockerFailures.reason(error));
            }
            if (error != null) {
                throw error;
            }
            return callback.outcome(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Closing the stream drops the connection, which makes the Docker engine cancel the build.
            try {
                callback.close();
            } catch (IOException closeFailure) {
                LOG.warn("deployment [{}] step [{}] unable to close the build stream of [{}]: {}", deployment, STEP,
                        request.imageTag(), closeFailure.getMessage());
            }
            return callback.outcome("cancelled while the build ran");
        } catch (IOException e) {
            throw new StepFailedException("Unable to build image '" + request.imageTag() + "': the packed build"
                    + " context could not be read (" + e.getMessage() + "). Deploy again.", e);
        } catch (RuntimeException e) {
            throw failures.failure("build image '" + request.imageTag() + "'", e, "Check the Docker engine.");
        } finally {
            deleteQuietly(archive, deployment);
        }
    }

    /**
     * Builds the engine's labels onto the built image with one {@code LABEL} instruction and tags the result. The
     * build API's labels parameter would add one build step per label. The labels are the same for every image of
     * the engine, so the cache serves this step whenever it served the user's build, and only the tag is new.
     * NOTE: the build timeout applies to the user's build and to this step separately.
     */
    private boolean label(BuildRequest request, Map<String, String> labels, BuildOutput built, LogSink output,
                          String deployment) {
        if (built.imageId() == null) {
            throw new StepFailedException("Unable to build image '" + request.imageTag() + "': the Docker engine"
                    + " did not report the id of the built image. Check the Docker engine, then deploy again.");
        }
        Set<String> tags = Set.of(request.imageTag());
        if (hasOnBuildTriggers(request, built.imageId())) {
            // FROM would run the image's ONBUILD instructions, so the labels go on the user's build itself.
            BuildOutput labelled = runBuild(request, tags, labels, output, deployment);
            return requireLabelled(request, built, labelled, deployment);
        }
        Path folder = null;
        try {
            folder = Files.createTempDirectory("slipway-labels");
            Files.writeString(folder.resolve("Dockerfile"), "FROM " + built.imageId() + "\nLABEL "
                    + labelArguments(labels) + "\n");
            BuildOutput labelled = runBuild(new BuildRequest(folder, "Dockerfile", request.imageTag(), Map.of()),
                    tags, Map.of(), output, deployment);
            return requireLabelled(request, built, labelled, deployment);
        } catch (IOException e) {
            throw new StepFailedException("Unable to build image '" + request.imageTag() + "': the label build"
                    + " folder could not be written (" + e.getMessage() + "). Check the temporary folder.", e);
        } finally {
            deleteFolderQuietly(folder, deployment);
        }
    }

    /**
     * Returns true when the labelling build succeeded, false when it failed because the unlabelled image no longer
     * exists, and throws for any other failure.
     */
    private boolean requireLabelled(BuildRequest request, BuildOutput built, BuildOutput labelled,
                                    String deployment) {
        if (labelled.error() == null) {
            return true;
        }
        if (!exists(built.imageId())) {
            return false;
        }
        removeUntagged(built.imageId(), request, deployment);
        throw new StepFailedException("Unable to build image '" + request.imageTag() + "': adding the engine's"
                + " labels failed: " + labelled.error() + ". Check the Docker engine, then deploy again.");
    }

    private boolean exists(String imageId) {
        try {
            api.inspectImageCmd(imageId).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private boolean hasOnBuildTriggers(BuildRequest request, String imageId) {
        try {
            ContainerConfig config = api.inspectImageCmd(imageId).exec().getConfig();
            return config != null && config.getOnBuild() != null && config.getOnBuild().length > 0;
        } catch (RuntimeException e) {
            throw failures.failure("inspect the built image of '" + request.imageTag() + "'", e,
                    "Build the image again.");
        }
    }

    /** Returns {@code "key"="value"} pairs, quoted and escaped as the Dockerfile parser reads them. */
    static String labelArguments(Map<String, String> labels) {
        StringBuilder arguments = new StringBuilder();
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            if (!arguments.isEmpty()) {
                arguments.append(' ');
            }
            arguments.append(quoted(label.getKey())).append('=').append(quoted(label.getValue()));
        }
        return arguments.toString();
    }

    private static String quoted(String text) {
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new StepFailedException("Unable to label the built image: label '" + text.strip() + "' contains a"
                    + " control character. Use labels without line breaks or control characters.");
        }
        // Inside double quotes the Dockerfile parser treats a backslash as an escape and expands $ variables.
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + '"';
    }

    private static void deleteFolderQuietly(Path folder, String deployment) {
        if (folder == null) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path entry : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            LOG.warn("deployment [{}] step [{}] unable to delete label build folder [{}]: {}", deployment, STEP,
                    folder, e.getMessage());
        }
    }

    private static Path packContext(BuildRequest request) {
        try {
            return BuildContextArchive.write(request.contextDirectory(), request.dockerfile());
        } catch (IOException e) {
            throw new StepFailedException("Unable to build image '" + request.imageTag()
                    + "': the build context could not be read (" + e.getMessage() + "). Check that the checkout"
                    + " is complete and readable.", e);
        }
    }

    private String inspectImageId(BuildRequest request) {
        try {
            return api.inspectImageCmd(request.imageTag()).exec().getId();
        } catch (RuntimeException e) {
            throw failures.failure("inspect the built image '" + request.imageTag() + "'", e,
                    "Build the image again.");
        }
    }

    /**
     * Removes what a failed build left: the image of the last step that succeeded, unless it is tagged or is the
     * parent of other images. Builds that reuse that step from cache lose it, which is the price of leaving no
     * untracked layers behind. Untagged images with the engine's labels are not listed, because they are the same
     * for every image of the engine and a concurrent build's image is untagged until its build ends.
     */
    private void removeFailedBuildImages(BuildRequest request, String lastStepImage, String deployment) {
        if (lastStepImage != null) {
            removeUntagged(lastStepImage, request, deployment);
        }
    }

    private void removeUntagged(String imageId, BuildRequest request, String deployment) {
        try {
            List<String> tags = api.inspectImageCmd(imageId).exec().getRepoTags();
            if (tags != null && tags.stream().anyMatch(tag -> !tag.startsWith("<none>"))) {
                return;
            }
            api.removeImageCmd(imageId).withForce(false).withNoPrune(false).exec();
            ChangeLog.record("removed", "image", imageId, null, request.labels());
        } catch (DockerException e) {
            // Gone already, or still the parent of another image or container: either way it stays as it is.
            LOG.debug("deployment [{}] step [{}] kept image [{}] of the failed build: {}", deployment, STEP, imageId,
                    DockerFailures.reason(e));
        }
    }

    private static void deleteQuietly(Path archive, String deployment) {
        try {
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            LOG.warn("deployment [{}] step [{}] unable to delete build context archive [{}]: {}", deployment, STEP,
                    archive, e.getMessage());
        }
    }

    /**
     * Outcome of a build: the failure reason or {@code null}, the built image's id, the last step's image and the
     * last output lines.
     */
    private record BuildOutput(String error, String imageId, String lastStepImage, List<String> tail) {
    }

    /** Collects streamed build output, the image of the last finished step and the builder's error. */
    private static final class BuildCallback extends StreamCallback<BuildResponseItem> {

        private final OutputLines lines;
        private volatile String error;
        private volatile String lastStepImage;
        private volatile String imageId;

        BuildCallback(LogSink output) {
            this.lines = new OutputLines(line -> {
                Matcher matcher = STEP_IMAGE.matcher(line);
                if (matcher.matches()) {
                    lastStepImage = matcher.group(1);
                }
                output.line(line);
            }, TAIL_LINES);
        }

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.isBuildSuccessIndicated()) {
                imageId = item.getImageId();
            }
            lines.append(item.getStream());
            if (item.isErrorIndicated()) {
                String message = item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError();
                error = message == null ? "the builder reported an error" : message.strip();
            }
        }

        BuildOutput outcome(String failure) {
            lines.finish();
            String reason = failure != null ? failure : error;
            return new BuildOutput(reason, reason == null ? imageId : null, lastStepImage, lines.tail());
        }
    }
}
