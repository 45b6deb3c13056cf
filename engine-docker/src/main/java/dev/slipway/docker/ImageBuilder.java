package dev.slipway.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
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
 * the request's tag names the deployment. The build API's labels parameter adds one {@code LABEL} step per label
 * after the Dockerfile's last instruction, and those steps do not run the image's {@code ONBUILD} triggers. Because
 * the labels do not change, a rebuild of unchanged source comes from the build cache in full and only adds the new
 * deployment's tag to the existing image, without a container commit.
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
    private final ImageUsers users;

    ImageBuilder(DockerClient api, DockerClient streaming, DockerFailures failures, Duration timeout,
                 ImageUsers users) {
        this.api = api;
        this.streaming = streaming;
        this.failures = failures;
        this.timeout = timeout;
        this.users = users;
    }

    String build(BuildRequest request, LogSink output) {
        String deployment = request.labels().getOrDefault(EngineLabels.DEPLOYMENT, "-");
        requireDockerfile(request);
        LOG.info("deployment [{}] step [{}] building image [{}] from Dockerfile [{}]", deployment, STEP,
                request.imageTag(), request.dockerfile());

        BuildOutput result = runBuild(request, Set.of(request.imageTag()), imageLabels(request.labels()), output,
                deployment);
        if (result.error() != null && cacheImageVanished(result.error())) {
            // Deployments of the same source share cached images, and removing another deployment's last tag
            // deletes an image that this build may be reusing. Built again, the cache no longer offers it.
            LOG.info("deployment [{}] step [{}] a cached image was removed during the build of [{}]: {}; building"
                    + " again", deployment, STEP, request.imageTag(), result.error());
            removeFailedBuildImages(request, result.lastStepImage(), deployment);
            result = runBuild(request, Set.of(request.imageTag()), imageLabels(request.labels()), output,
                    deployment);
        }
        if (result.error() != null) {
            removeFailedBuildImages(request, result.lastStepImage(), deployment);
            LOG.warn("deployment [{}] step [{}] build of image [{}] failed: {}", deployment, STEP, request.imageTag(),
                    result.error());
            String message = "Unable to build image '" + request.imageTag() + "' from Dockerfile '"
                    + request.dockerfile() + "': " + result.error() + ". Fix the Dockerfile or the code it builds,"
                    + " then deploy again.";
            throw new StepFailedException(DockerFailures.withOutput(message, "Last build output", result.tail()));
        }
        String imageId = findImageId(request);
        if (imageId == null) {
            // Identical content gives an identical image, so another deployment's clean-up can remove this build's
            // image before the build tags it. Built again, the image is created anew and tagged.
            LOG.info("deployment [{}] step [{}] the image of [{}] was removed as its build ended; building again",
                    deployment, STEP, request.imageTag());
            result = runBuild(request, Set.of(request.imageTag()), imageLabels(request.labels()), output,
                    deployment);
            if (result.error() != null) {
                removeFailedBuildImages(request, result.lastStepImage(), deployment);
                throw new StepFailedException("Unable to build image '" + request.imageTag() + "' from Dockerfile '"
                        + request.dockerfile() + "': " + result.error() + ". Deploy again.");
            }
            imageId = inspectImageId(request);
        }
        ChangeLog.record("built", "image", imageId, request.imageTag(), request.labels());
        LOG.info("deployment [{}] step [{}] built image [{}] id [{}]", deployment, STEP, request.imageTag(), imageId);
        return imageId;
    }

    /**
     * Returns whether a build failed because an image it took from the build cache was deleted meanwhile, as Docker
     * 20.10's classic builder reports it: {@code failed to get digest sha256:...: open .../imagedb/...: no such file
     * or directory}, {@code unknown parent image ID sha256:...} when the removed image was a cached step's parent,
     * or {@code No such image}.
     */
    static boolean cacheImageVanished(String error) {
        return error.contains("failed to get digest") || error.contains("unknown parent image ID")
                || error.contains("No such image");
    }

    /**
     * Returns the labels that go on the image: the request's labels that are the same for every image of the engine.
     * The application and deployment labels would make each deployment's image differ, so the cache could not serve
     * the label steps.
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
        // NOTE: the cache serves the label steps only when the builder adds them in the same order every time. The
        // classic builder of Docker Engine 20.10, which the tests run against, does so, and a rebuild test checks it.
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

    private static Path packContext(BuildRequest request) {
        try {
            return BuildContextArchive.write(request.contextDirectory(), request.dockerfile());
        } catch (IOException e) {
            throw new StepFailedException("Unable to build image '" + request.imageTag()
                    + "': the build context could not be read (" + e.getMessage() + "). Check that the checkout"
                    + " is complete and readable.", e);
        }
    }

    /** Returns the id of the image with the request's tag, and records the image's user for the container start. */
    /** Returns the id of the built image, or null when no image has the request's tag. */
    private String findImageId(BuildRequest request) {
        try {
            return inspectImageId(api.inspectImageCmd(request.imageTag()).exec());
        } catch (NotFoundException e) {
            return null;
        } catch (RuntimeException e) {
            throw failures.failure("inspect the built image '" + request.imageTag() + "'", e,
                    "Build the image again.");
        }
    }

    private String inspectImageId(InspectImageResponse image) {
        users.put(image.getId(), image.getConfig() == null ? null : image.getConfig().getUser());
        return image.getId();
    }

    private String inspectImageId(BuildRequest request) {
        try {
            return inspectImageId(api.inspectImageCmd(request.imageTag()).exec());
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
